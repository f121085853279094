package io.manimvideo.local.node;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container's environment as the kubelet builds it: literal values, {@code secretKeyRef},
 * {@code configMapKeyRef}, {@code fieldRef} on metadata, {@code envFrom}, and {@code $(VAR)} references.
 */
final class ContainerEnvironment {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    /** The kubelet's CreateContainerConfigError: a required Secret or ConfigMap key is missing. */
    static final class ConfigError extends Exception {
        ConfigError(String message) {
            super(message);
        }
    }

    private final KubernetesClient client;

    ContainerEnvironment(KubernetesClient client) {
        this.client = client;
    }

    Map<String, String> resolve(Pod pod, Container container) throws ConfigError {
        String namespace = pod.getMetadata().getNamespace();
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource from : nullSafe(container.getEnvFrom())) {
            String prefix = from.getPrefix() == null ? "" : from.getPrefix();
            if (from.getSecretRef() != null) {
                Secret secret = client.secrets()
                        .inNamespace(namespace)
                        .withName(from.getSecretRef().getName())
                        .get();
                if (secret == null) {
                    if (!Boolean.TRUE.equals(from.getSecretRef().getOptional())) {
                        throw new ConfigError("secret \"" + from.getSecretRef().getName() + "\" not found");
                    }
                } else {
                    secretData(secret).forEach((k, v) -> env.put(prefix + k, v));
                }
            }
            if (from.getConfigMapRef() != null) {
                ConfigMap map = client.configMaps()
                        .inNamespace(namespace)
                        .withName(from.getConfigMapRef().getName())
                        .get();
                if (map == null) {
                    if (!Boolean.TRUE.equals(from.getConfigMapRef().getOptional())) {
                        throw new ConfigError(
                                "configmap \"" + from.getConfigMapRef().getName() + "\" not found");
                    }
                } else if (map.getData() != null) {
                    map.getData().forEach((k, v) -> env.put(prefix + k, v));
                }
            }
        }
        for (EnvVar var : nullSafe(container.getEnv())) {
            String value = value(pod, var);
            if (value != null) {
                env.put(var.getName(), expand(value, env));
            }
        }
        return env;
    }

    /** {@code $(VAR)} in a command or argument, as Kubernetes expands it; unknown references stay as written. */
    static String expand(String text, Map<String, String> env) {
        Matcher m = REFERENCE.matcher(text);
        var out = new StringBuilder();
        while (m.find()) {
            String replacement = env.getOrDefault(m.group(1), m.group());
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String value(Pod pod, EnvVar var) throws ConfigError {
        if (var.getValueFrom() == null) {
            return var.getValue() == null ? "" : var.getValue();
        }
        String namespace = pod.getMetadata().getNamespace();
        var from = var.getValueFrom();
        if (from.getSecretKeyRef() != null) {
            var ref = from.getSecretKeyRef();
            Secret secret = client.secrets()
                    .inNamespace(namespace)
                    .withName(ref.getName())
                    .get();
            String value = secret == null ? null : secretData(secret).get(ref.getKey());
            if (value == null && !Boolean.TRUE.equals(ref.getOptional())) {
                throw new ConfigError(
                        secret == null
                                ? "secret \"" + ref.getName() + "\" not found"
                                : "couldn't find key " + ref.getKey() + " in Secret " + namespace + "/"
                                        + ref.getName());
            }
            return value;
        }
        if (from.getConfigMapKeyRef() != null) {
            var ref = from.getConfigMapKeyRef();
            ConfigMap map = client.configMaps()
                    .inNamespace(namespace)
                    .withName(ref.getName())
                    .get();
            String value =
                    map == null || map.getData() == null ? null : map.getData().get(ref.getKey());
            if (value == null && !Boolean.TRUE.equals(ref.getOptional())) {
                throw new ConfigError(
                        "couldn't find key " + ref.getKey() + " in ConfigMap " + namespace + "/" + ref.getName());
            }
            return value;
        }
        if (from.getFieldRef() != null) {
            return switch (from.getFieldRef().getFieldPath()) {
                case "metadata.name" -> pod.getMetadata().getName();
                case "metadata.namespace" -> namespace;
                case "metadata.uid" -> pod.getMetadata().getUid();
                case "status.podIP", "status.hostIP" -> "127.0.0.1";
                case "spec.nodeName" -> pod.getSpec().getNodeName();
                default -> "";
            };
        }
        return "";
    }

    private static Map<String, String> secretData(Secret secret) {
        Map<String, String> data = new LinkedHashMap<>();
        if (secret.getData() != null) {
            secret.getData()
                    .forEach(
                            (k, v) -> data.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        return data;
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }
}
