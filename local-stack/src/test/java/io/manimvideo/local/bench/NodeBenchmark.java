package io.manimvideo.local.bench;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.manimvideo.ingress.fakes.FakeTelegramBotApi;
import io.manimvideo.local.LocalStack;
import io.manimvideo.local.LocalStackSettings;
import io.manimvideo.local.ServiceOverrides;
import io.manimvideo.local.WebApiClient;
import io.manimvideo.local.node.LocalNode;
import io.manimvideo.local.node.PodNetwork;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The local node's figures, measured side by side in one run on one stack (see {@code local-stack/bench/run.sh}):
 * <ol>
 *   <li>pod start latency: a Job of the render image created → its container running (or already done), one at a
 *       time so that nothing queues, as the informer-free client sees it (polled every 20 ms);
 *   <li>direct code end to end (web API submit → ready, on the job's event stream) against a plain render of the
 *       same scene ({@code manim -ql} in the render venv, on the host), alternating;
 *   <li>the Telegram webhook's acknowledgement (request → 200) at a fixed rate of code messages, each a real
 *       VideoJob whose renders then run, capped, on the node.
 * </ol>
 */
public final class NodeBenchmark {
    private static final String TELEGRAM_TOKEN = "7000001:AAE2eBenchTokenForTheFakeBotApi";
    private static final String TELEGRAM_SECRET = "bench-webhook-secret";
    private static final String SCENE = """
            from manim import *


            class Bench(Scene):
                def construct(self):
                    square = Square(color=BLUE)
                    self.play(Create(square))
                    self.play(square.animate.rotate(PI / 2).scale(1.5), run_time=2)
                    self.play(FadeOut(square))
            """;

    private NodeBenchmark() {}

    public static void main(String[] args) throws Exception {
        int pods = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        // 0 skips a part: local-stack/bench/run.sh 0 0 50 20 measures only the webhook
        int renders = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        // the rounds, each on a stack of its own (RoundSpec): "chart" keeps the chart's and the local stack's values
        List<RoundSpec> rounds = Stream.of((args.length > 4 ? args[4] : "chart").split(","))
                .map(RoundSpec::parse)
                .toList();
        for (RoundSpec spec : rounds) {
            round(pods, renders, rate, seconds, spec);
        }
        System.exit(0); // the HTTP clients' threads would keep the JVM
    }

    private static void round(int pods, int renders, int rate, int seconds, RoundSpec spec) throws Exception {
        BenchRun run = BenchRun.prepare("node-bench");
        Path project = run.project();
        Path state = run.state();
        var console = run.console();
        Vertx vertx = Vertx.vertx();
        var telegram = new FakeTelegramBotApi(TELEGRAM_TOKEN);
        var settings = new LocalStackSettings(project, state, 0, false, 2);
        ClientCgroup redisCgroup = null;
        settings = settings.withRenderCpu(
                spec.renderCpuRequest().orElse(null), spec.renderCpuLimit().orElse(null));
        // diagnostics for the ingress's JVM (e.g. -Xlog:gc,safepoint): its lines are in the stack's console
        Map<String, String> ingressEnv = new java.util.LinkedHashMap<>(Map.of(
                "TELEGRAM_BOT_TOKEN",
                TELEGRAM_TOKEN,
                "TELEGRAM_WEBHOOK_SECRET",
                TELEGRAM_SECRET,
                "RATE_LIMIT_PER_HOUR",
                "100000",
                "RATE_LIMIT_BURST",
                "100000"));
        String javaOptions = (Optional.ofNullable(System.getenv("BENCH_INGRESS_JAVA_OPTIONS"))
                                .orElse("") + " " + spec.ingressJava())
                .trim();
        if (!javaOptions.isEmpty()) {
            ingressEnv.put("JAVA_TOOL_OPTIONS", javaOptions);
        }
        try (var network = PodNetwork.create(line -> {})) {
            telegram.start(vertx, PodNetwork.NODE_ADDRESS)
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get();
            ingressEnv.put("TELEGRAM_API_BASE_URL", telegram.baseUrl()); // its port: known once it listens
            long begin = System.nanoTime();
            try (var stack = LocalStack.start(
                    settings, network, Map.of(), new ServiceOverrides(Map.of(), ingressEnv), console::println)) {
                System.out.printf(
                        Locale.ROOT,
                        "stack up (cluster, images imported, chart installed) in %.1f s%n",
                        (System.nanoTime() - begin) / 1e9);
                if (spec.ingressCpu().isPresent()) {
                    requestIngressCpu(stack, spec.ingressCpu().get());
                }
                Path nodeShares = Path.of("/sys/fs/cgroup/cpu", LocalNode.CGROUP_ROOT, "cpu.shares");
                if (spec.nodeShares().isPresent()) {
                    Files.writeString(nodeShares, spec.nodeShares().get());
                }
                if (spec.boostedRedis()) {
                    var cgroup = ClientCgroup.create("manim-bench-redis");
                    redisCgroup = cgroup;
                    RunQueueWait.descendants("redis-server").forEach(cgroup::add);
                }
                System.out.printf(
                        "round %s: ingress CPU request %s, render CPU limit %s, render CPU request %s, the client %s%s%n",
                        spec.label(),
                        spec.ingressCpu().orElse("as the chart"),
                        settings.renderCpuLimit() == null ? "as the chart" : settings.renderCpuLimit(),
                        settings.renderCpuRequest() == null ? "as the chart" : settings.renderCpuRequest(),
                        spec.boostedClient() ? "in a cgroup of its own (ClientCgroup)" : "beside the stack",
                        (spec.boostedRedis() ? ", redis-server in a cgroup of its own" : "")
                                + (javaOptions.isEmpty() ? "" : ", ingress JAVA_TOOL_OPTIONS " + javaOptions)
                                + ", the node's cgroup cpu.shares "
                                + Files.readString(nodeShares).trim());
                if (pods > 0) {
                    podStartLatency(stack.client(), pods);
                }
                if (renders > 0) {
                    directCodeAgainstPlain(stack, project, renders);
                }
                if (rate > 0) {
                    if (spec.boostedClient()) {
                        try (var cgroup =
                                ClientCgroup.create("manim-bench-client").enter()) {
                            telegramAcknowledgement(stack, rate, seconds);
                        }
                    } else {
                        telegramAcknowledgement(stack, rate, seconds);
                    }
                }
            }
        } finally {
            telegram.close();
            vertx.close();
            if (redisCgroup != null) {
                redisCgroup.close(); // redis-server has stopped with the stack: the cgroup is empty
            }
        }
    }

    /** As an admin would ({@code kubectl set resources}): the ingress's CPU request, then its rollout. */
    private static void requestIngressCpu(LocalStack stack, String cpu) {
        String name = stack.deployment("ingress");
        var deployments = stack.client().apps().deployments().inNamespace(LocalStack.NAMESPACE);
        deployments.withName(name).edit(d -> {
            d.getSpec()
                    .getTemplate()
                    .getSpec()
                    .getContainers()
                    .get(0)
                    .getResources()
                    .getRequests()
                    .put("cpu", new io.fabric8.kubernetes.api.model.Quantity(cpu));
            return d;
        });
        deployments
                .withName(name)
                .waitUntilCondition(
                        d -> d.getStatus() != null
                                && d.getStatus().getObservedGeneration() != null
                                && d.getStatus().getObservedGeneration()
                                        >= d.getMetadata().getGeneration()
                                && Integer.valueOf(1).equals(d.getStatus().getUpdatedReplicas())
                                && Integer.valueOf(1).equals(d.getStatus().getAvailableReplicas())
                                && d.getStatus().getReplicas() != null
                                && d.getStatus().getReplicas() == 1,
                        180,
                        TimeUnit.SECONDS);
        // the old pod gone (the new one's uid is the one whose CPU is read), and a moment for kube-proxy's rules
        stack.client()
                .pods()
                .inNamespace(LocalStack.NAMESPACE)
                .withLabel("app.kubernetes.io/component", "ingress")
                .informOnCondition(list -> list.size() == 1)
                .join();
        try {
            Thread.sleep(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void podStartLatency(KubernetesClient client, int count) throws InterruptedException {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = "bench-start-" + i;
            long start = System.nanoTime();
            client.batch()
                    .v1()
                    .jobs()
                    .inNamespace(LocalStack.NAMESPACE)
                    .resource(new JobBuilder()
                            .withNewMetadata()
                            .withName(name)
                            .endMetadata()
                            .withNewSpec()
                            .withBackoffLimit(0)
                            .withTtlSecondsAfterFinished(5)
                            .withNewTemplate()
                            .withNewSpec()
                            .withRestartPolicy("Never")
                            .withAutomountServiceAccountToken(false)
                            .addNewContainer()
                            .withName("c")
                            .withImage("ghcr.io/manim-video/render:0.1.0")
                            .withImagePullPolicy("Never")
                            .withCommand("sleep", "1")
                            .endContainer()
                            .endSpec()
                            .endTemplate()
                            .endSpec()
                            .build())
                    .create();
            while (!started(client, name)) {
                Thread.sleep(20);
            }
            millis.add((System.nanoTime() - start) / 1e6);
        }
        System.out.printf(
                Locale.ROOT,
                "pod start (Job created -> container running), %d pods one at a time: p50 %.0f ms, "
                        + "p99 %.0f ms, max %.0f ms%n",
                count,
                percentile(millis, 50),
                percentile(millis, 99),
                Collections.max(millis));
    }

    private static boolean started(KubernetesClient client, String job) {
        return client.pods().inNamespace(LocalStack.NAMESPACE).withLabel("job-name", job).list().getItems().stream()
                .map(Pod::getStatus)
                .filter(s -> s != null && s.getContainerStatuses() != null)
                .flatMap(s -> s.getContainerStatuses().stream())
                .map(c -> c.getState())
                .anyMatch((ContainerState state) -> state.getRunning() != null || state.getTerminated() != null);
    }

    private static void directCodeAgainstPlain(LocalStack stack, Path project, int count) throws Exception {
        Path scene = Files.createTempFile("bench-scene-", ".py");
        Files.writeString(scene, SCENE);
        // a worktree has no venv of its own: -Dmanimvideo.plain.manim names the manim to compare with
        Path manim = Path.of(System.getProperty(
                "manimvideo.plain.manim",
                project.resolve("render-image/.venv/bin/manim").toString()));
        var web = new WebApiClient(stack.webUrl().orElseThrow().replaceAll("/$", ""));
        List<Double> endToEnd = new ArrayList<>();
        List<Double> plain = new ArrayList<>();
        var timeline = new StepTimeline(stack.client(), LocalStack.NAMESPACE);
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            String id = new JsonObject(web.submit("direct_code", SCENE)).getString("job_id");
            timeline.mark(id, "submitted", start);
            List<String> last = new ArrayList<>();
            web.events(id, Duration.ofMinutes(5), data -> {
                String status = new JsonObject(data).getString("status");
                last.add(status);
                timeline.mark(id, "event stream: " + status);
                return !List.of("ready", "delivered", "failed", "expired").contains(status);
            });
            System.out.println("  steps (ms after submit): " + timeline.steps(id, "submitted"));
            if (!"ready".equals(last.get(last.size() - 1)) && !"delivered".equals(last.get(last.size() - 1))) {
                throw new IllegalStateException("the benchmark's scene ended " + last);
            }
            endToEnd.add((System.nanoTime() - start) / 1e9);
            Path media = Files.createTempDirectory("bench-plain-");
            start = System.nanoTime();
            Process process = new ProcessBuilder(
                            manim.toString(), "-ql", "--media_dir", media.toString(), scene.toString(), "Bench")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (process.waitFor() != 0) {
                throw new IllegalStateException("the plain render failed");
            }
            plain.add((System.nanoTime() - start) / 1e9);
        }
        timeline.close();
        System.out.printf(
                Locale.ROOT,
                "direct code, submit -> ready: median %.1f s %s; plain manim -ql on the host: median "
                        + "%.1f s %s; difference %.1f s%n",
                percentile(endToEnd, 50),
                rounded(endToEnd),
                percentile(plain, 50),
                rounded(plain),
                percentile(endToEnd, 50) - percentile(plain, 50));
    }

    private static void telegramAcknowledgement(LocalStack stack, int rate, int seconds) throws Exception {
        var pool = Executors.newFixedThreadPool(16, named("bench-client-"));
        // HTTP/1.1, as Telegram's servers call a webhook (the JDK client's HTTP/2 upgrade hits the server's stream
        // limit at this rate: the failures would be the client's own)
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(pool)
                .build();
        URI webhook = URI.create(stack.webUrl().orElseThrow() + "webhooks/telegram");
        var scheduler = Executors.newSingleThreadScheduledExecutor(named("bench-sender-"));
        // index n: the n-th update sent, so each 5 s window of sending can be read alone (JIT warm-up, backlog)
        List<CompletableFuture<Double>> acks = Collections.synchronizedList(new ArrayList<>());
        String ingressUid = ingressPodUid(stack.client());
        var cpu = CpuShare.start(ingressUid);
        // every 5 s of sending: who waited for a CPU
        var waits = RunQueueWait.start(ingressUid);
        List<String> waitLines = Collections.synchronizedList(new ArrayList<>());
        var sampler = Executors.newSingleThreadScheduledExecutor();
        for (int w = 1; w <= (seconds + 4) / 5; w++) {
            sampler.schedule(() -> waitLines.add(waits.next()), Math.min(5L * w, seconds), TimeUnit.SECONDS);
        }
        // how late the sender fired each update (its own wait for a CPU), and when each was sent
        long[] lateNanos = new long[rate * seconds];
        long roundStart = System.nanoTime();
        int total = rate * seconds;
        long base = (System.currentTimeMillis() / 1000 % 10000) * 100000;
        long periodNanos = 1_000_000_000L / rate;
        for (int i = 0; i < total; i++) {
            int n = i;
            scheduler.schedule(
                    () -> {
                        String body = String.format(
                                Locale.ROOT,
                                "{\"update_id\":%d,\"message\":{\"message_id\":%d,\"date\":%d,\"chat\":{\"id\":%d,"
                                        + "\"type\":\"private\"},\"from\":{\"id\":%d,\"is_bot\":false,\"first_name\":\"Bench\"},"
                                        + "\"text\":%s}}",
                                base + n,
                                n + 1,
                                System.currentTimeMillis() / 1000,
                                500000 + n,
                                500000 + n,
                                io.vertx.core.json.Json.encode(SCENE));
                        long sent = System.nanoTime();
                        lateNanos[n] = sent - roundStart - n * periodNanos;
                        acks.add(http.sendAsync(
                                        HttpRequest.newBuilder(webhook)
                                                .header("Content-Type", "application/json")
                                                .header("X-Telegram-Bot-Api-Secret-Token", TELEGRAM_SECRET)
                                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .thenApply(r -> {
                                    if (r.statusCode() != 200) {
                                        // the problem's detail says which limit or dependency refused it
                                        String detail = new JsonObject(r.body()).getString("detail", "");
                                        throw new IllegalStateException("HTTP " + r.statusCode() + ": " + detail);
                                    }
                                    return (System.nanoTime() - sent) / 1e6;
                                }));
                    },
                    n * periodNanos,
                    TimeUnit.NANOSECONDS);
        }
        scheduler.shutdown();
        scheduler.awaitTermination(seconds + 30L, TimeUnit.SECONDS);
        sampler.shutdown();
        sampler.awaitTermination(30, TimeUnit.SECONDS);
        List<Double> millis = new ArrayList<>();
        int failed = 0;
        Map<String, Integer> failures = new java.util.TreeMap<>();
        int window = rate * 5;
        List<Double> windowMillis = new ArrayList<>();
        int windowFailed = 0;
        List<CompletableFuture<Double>> sent;
        synchronized (acks) {
            sent = new ArrayList<>(acks);
        }
        for (int i = 0; i < sent.size(); i++) {
            try {
                double ms = sent.get(i).get(60, TimeUnit.SECONDS);
                millis.add(ms);
                windowMillis.add(ms);
            } catch (Exception e) {
                failed++;
                windowFailed++;
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                failures.merge(String.valueOf(cause.getMessage()).replaceAll("\\d{4,}", "N"), 1, Integer::sum);
            }
            if ((i + 1) % window == 0 || i == sent.size() - 1) {
                int first = i + 1 - windowMillis.size() - windowFailed;
                System.out.printf(
                        Locale.ROOT,
                        "  updates %d-%d: p50 %.0f ms, p99 %.0f ms, %d failed; max per second %s ms; sent late by "
                                + "up to %.0f ms%n",
                        first + 1,
                        i + 1,
                        windowMillis.isEmpty() ? Double.NaN : percentile(windowMillis, 50),
                        windowMillis.isEmpty() ? Double.NaN : percentile(windowMillis, 99),
                        windowFailed,
                        maxPerSecond(sent, first, i + 1, rate),
                        java.util.Arrays.stream(lateNanos, first, Math.min(i + 1, lateNanos.length))
                                        .max()
                                        .orElse(0)
                                / 1e6);
                int windowIndex = i / window;
                synchronized (waitLines) {
                    if (windowIndex < waitLines.size()) {
                        System.out.println("    " + waitLines.get(windowIndex));
                    }
                }
                windowMillis.clear();
                windowFailed = 0;
            }
        }
        System.out.println("  " + cpu.stop());
        System.out.println("  " + RunQueueWait.throttling(ingressUid));
        pool.shutdownNow();
        if (!failures.isEmpty()) {
            System.out.println("failures: " + failures);
        }
        System.out.printf(
                Locale.ROOT,
                "telegram webhook at %d updates/s for %d s (each a code message, a real VideoJob; "
                        + "renders capped at 2): %d acknowledged, %d failed; p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                rate,
                seconds,
                millis.size(),
                failed,
                percentile(millis, 50),
                percentile(millis, 99),
                Collections.max(millis));
    }

    /** The slowest acknowledgement of each second of sending in [from, to), or "-" for a failed second. */
    private static String maxPerSecond(List<CompletableFuture<Double>> sent, int from, int to, int rate) {
        List<String> maxima = new ArrayList<>();
        for (int start = from; start < to; start += rate) {
            double max = -1;
            for (int i = start; i < Math.min(start + rate, to); i++) {
                var ack = sent.get(i);
                if (ack.isDone() && !ack.isCompletedExceptionally()) {
                    max = Math.max(max, ack.join());
                }
            }
            maxima.add(max < 0 ? "-" : String.format(Locale.ROOT, "%.0f", max));
        }
        return String.join("/", maxima);
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        var count = new java.util.concurrent.atomic.AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static String ingressPodUid(KubernetesClient client) {
        return client.pods()
                .inNamespace(LocalStack.NAMESPACE)
                .withLabel("app.kubernetes.io/component", "ingress")
                .list()
                .getItems()
                .get(0)
                .getMetadata()
                .getUid();
    }

    private static double percentile(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static String rounded(List<Double> values) {
        return values.stream()
                .map(v -> String.format(Locale.ROOT, "%.1f", v))
                .toList()
                .toString();
    }
}
