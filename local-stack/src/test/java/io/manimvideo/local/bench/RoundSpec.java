package io.manimvideo.local.bench;

import java.util.Optional;

/**
 * One round of {@link NodeBenchmark}, on a stack of its own: settings joined by {@code +}, e.g. {@code chart},
 * {@code 500m} (the ingress's CPU request, as before), {@code render=2}, {@code render=2+client=plain}.
 *
 * @param ingressCpu the ingress's CPU request, set as an admin would after the install; empty: the chart's
 * @param renderCpuLimit the render pods' CPU limit (the chart's {@code render.resources.limits.cpu}); empty: the local
 *     stack's
 * @param renderCpuRequest the render pods' CPU request ({@code render-request=100m}: the chart's
 *     {@code render.resources.requests.cpu}, which is their {@code cpu.shares} beside the services); empty: the chart's
 * @param boostedClient whether the benchmark's HTTP client runs in a cgroup of its own ({@link ClientCgroup})
 * @param boostedRedis whether the stack's redis-server is moved into one too (a diagnosis: what Redis's wait costs)
 * @param ingressJava options for the ingress's JVM ({@code JAVA_TOOL_OPTIONS}; {@code java=-XX:TieredStopAtLevel=1},
 *     {@code ~} for a space), added to {@code BENCH_INGRESS_JAVA_OPTIONS}'s
 * @param nodeShares the {@code cpu.shares} of the node's cgroup root ({@code node=2048}); empty: the local node's
 */
record RoundSpec(
        String label,
        Optional<String> ingressCpu,
        Optional<String> renderCpuLimit,
        Optional<String> renderCpuRequest,
        boolean boostedClient,
        boolean boostedRedis,
        String ingressJava,
        Optional<String> nodeShares) {

    static RoundSpec parse(String spec) {
        Optional<String> ingress = Optional.empty();
        Optional<String> render = Optional.empty();
        Optional<String> renderRequest = Optional.empty();
        boolean boosted = false;
        boolean redis = false;
        String java = "";
        Optional<String> node = Optional.empty();
        for (String part : spec.split("\\+")) {
            String[] kv = part.split("=", 2);
            switch (kv[0]) {
                case "chart" -> {}
                case "ingress" -> ingress = Optional.of(value(kv, spec));
                case "render" -> render = Optional.of(value(kv, spec));
                case "render-request" -> renderRequest = Optional.of(value(kv, spec));
                case "client" -> boosted = boosted(value(kv, spec));
                case "redis" -> redis = boosted(value(kv, spec));
                case "java" -> java = value(kv, spec).replace('~', ' ');
                case "node" -> node = Optional.of(value(kv, spec));
                default -> {
                    if (kv.length == 1 && part.matches("\\d+m?")) {
                        ingress = Optional.of(part); // the older form: a bare CPU quantity is the ingress's request
                    } else {
                        throw new IllegalArgumentException("unknown round setting " + part + " in " + spec);
                    }
                }
            }
        }
        return new RoundSpec(spec, ingress, render, renderRequest, boosted, redis, java, node);
    }

    private static boolean boosted(String value) {
        return switch (value) {
            case "boosted" -> true;
            case "plain" -> false;
            default -> throw new IllegalArgumentException("boosted or plain, not " + value);
        };
    }

    private static String value(String[] kv, String spec) {
        if (kv.length < 2 || kv[1].isBlank()) {
            throw new IllegalArgumentException(kv[0] + " needs a value in " + spec);
        }
        return kv[1];
    }
}
