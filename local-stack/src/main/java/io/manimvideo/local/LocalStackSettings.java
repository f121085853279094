package io.manimvideo.local;

import java.nio.file.Path;
import java.util.Map;

/**
 * What the all-in-one run is told, from environment variables ({@code scripts/run-local.sh} sets them).
 *
 * @param projectDir the repository root
 * @param stateDir where the kubeconfig, objects, logs and the cluster's state go ({@code .local})
 * @param ingressPort port of the web page and API (the ingress Service's node port)
 * @param sample whether a sample problem is submitted at start
 * @param maxConcurrentRenders the chart's {@code render.maxConcurrent}
 * @param operatorReplicas the chart's {@code operator.replicas} (more than one: a leader and warm standbys)
 * @param renderCpuLimit the chart's {@code render.resources.limits.cpu}; null: the chart's own
 * @param renderCpuRequest the chart's {@code render.resources.requests.cpu} (the render pods' CPU weight beside the
 *     services when the node is busy); null: the chart's own
 */
public record LocalStackSettings(
        Path projectDir,
        Path stateDir,
        int ingressPort,
        boolean sample,
        int maxConcurrentRenders,
        int operatorReplicas,
        String renderCpuLimit,
        String renderCpuRequest) {

    /** One operator replica. */
    public LocalStackSettings(
            Path projectDir, Path stateDir, int ingressPort, boolean sample, int maxConcurrentRenders) {
        this(projectDir, stateDir, ingressPort, sample, maxConcurrentRenders, 1);
    }

    /** The chart's render CPU request and limit. */
    public LocalStackSettings(
            Path projectDir,
            Path stateDir,
            int ingressPort,
            boolean sample,
            int maxConcurrentRenders,
            int operatorReplicas) {
        this(projectDir, stateDir, ingressPort, sample, maxConcurrentRenders, operatorReplicas, null, null);
    }

    /**
     * The same with the render pods' CPU {@code request} and {@code limit} (a benchmark comparing them); null: the
     * chart's.
     */
    public LocalStackSettings withRenderCpu(String request, String limit) {
        return new LocalStackSettings(
                projectDir, stateDir, ingressPort, sample, maxConcurrentRenders, operatorReplicas, limit, request);
    }

    public static LocalStackSettings fromEnv(Map<String, String> env) {
        Path project = Path.of(env.getOrDefault("LOCAL_PROJECT_DIR", "."))
                .toAbsolutePath()
                .normalize();
        return new LocalStackSettings(
                project,
                project.resolve(env.getOrDefault("LOCAL_STATE_DIR", ".local")),
                Integer.parseInt(env.getOrDefault("LOCAL_HTTP_PORT", "8080")),
                !"false".equalsIgnoreCase(env.getOrDefault("LOCAL_SAMPLE", "true")),
                Integer.parseInt(env.getOrDefault("MAX_CONCURRENT_RENDERS", "2")));
    }
}
