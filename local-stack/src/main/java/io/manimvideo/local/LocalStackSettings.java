package io.manimvideo.local;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What the all-in-one run is told, from environment variables ({@code scripts/run-local.sh} sets them).
 *
 * @param projectDir the repository root
 * @param stateDir where the kubeconfig, objects, logs and the cluster's state go ({@code .local})
 * @param operatorClasspath classpath of the operator module (empty: the operator is not started)
 * @param ingressClasspath classpath of the ingress module (empty: the ingress is not started)
 * @param ingressPort port of the web page and API
 * @param sample whether a sample problem is submitted at start
 * @param renderImage image the operator puts in render Jobs
 * @param codegenImage image the operator puts in codegen Jobs
 * @param maxConcurrentRenders render cap handed to the operator
 */
public record LocalStackSettings(
        Path projectDir,
        Path stateDir,
        Optional<String> operatorClasspath,
        Optional<String> ingressClasspath,
        int ingressPort,
        boolean sample,
        String renderImage,
        String codegenImage,
        int maxConcurrentRenders) {

    public static LocalStackSettings fromEnv(Map<String, String> env) {
        Path project = Path.of(env.getOrDefault("LOCAL_PROJECT_DIR", "."))
                .toAbsolutePath()
                .normalize();
        return new LocalStackSettings(
                project,
                project.resolve(env.getOrDefault("LOCAL_STATE_DIR", ".local")),
                nonBlank(env.get("OPERATOR_CLASSPATH")),
                nonBlank(env.get("INGRESS_CLASSPATH")),
                Integer.parseInt(env.getOrDefault("LOCAL_HTTP_PORT", "8080")),
                !"false".equalsIgnoreCase(env.getOrDefault("LOCAL_SAMPLE", "true")),
                env.getOrDefault("RENDER_IMAGE", "ghcr.io/manim-video/render:0.1.0"),
                env.getOrDefault("CODEGEN_IMAGE", "ghcr.io/manim-video/codegen:0.1.0"),
                Integer.parseInt(env.getOrDefault("MAX_CONCURRENT_RENDERS", "2")));
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }
}
