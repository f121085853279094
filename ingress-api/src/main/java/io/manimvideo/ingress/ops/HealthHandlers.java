package io.manimvideo.ingress.ops;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.manimvideo.api.VideoJob;
import io.manimvideo.api.texts.Text;
import io.manimvideo.ingress.http.ApiProblem;
import io.manimvideo.ingress.http.OperationHandlers;
import io.manimvideo.ingress.http.ProblemResponses;
import io.manimvideo.ingress.jobs.KubernetesCalls;
import io.manimvideo.ingress.redis.RedisCommands;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code /healthz} (the process answers), {@code /readyz} (the {@link Warmup} is over, Redis answers PING and the API
 * server lists VideoJobs, each within a second; 503 otherwise, so no traffic reaches a replica that could not take
 * it in) and {@code /metrics}.
 */
public final class HealthHandlers implements OperationHandlers {
    private static final long CHECK_TIMEOUT_MILLIS = 1000;

    private final RedisCommands redis;
    private final KubernetesClient client;
    private final String namespace;
    private final KubernetesCalls calls;
    private final Handler<RoutingContext> metrics;
    private final ProblemResponses problems;
    private final Warmup warmup;

    public HealthHandlers(
            Warmup warmup,
            RedisCommands redis,
            KubernetesClient client,
            String namespace,
            KubernetesCalls calls,
            Handler<RoutingContext> metrics,
            ProblemResponses problems) {
        this.warmup = warmup;
        this.problems = problems;
        this.redis = redis;
        this.client = client;
        this.namespace = namespace;
        this.calls = calls;
        this.metrics = metrics;
    }

    @Override
    public Map<String, Handler<RoutingContext>> handlers() {
        return Map.of(
                "healthz",
                ctx -> ctx.json(new JsonObject().put("status", "ok")),
                "readyz",
                this::ready,
                "metrics",
                metrics);
    }

    private void ready(RoutingContext ctx) {
        if (!warmup.done()) {
            problems.send(ctx, ApiProblem.unavailable(Text.of("problem.warmingUp")));
            return;
        }
        Future<String> redisCheck = check(redis.ping());
        Future<String> apiCheck = check(calls.call(() -> client.resources(VideoJob.class)
                        .inNamespace(namespace)
                        .list(new ListOptionsBuilder().withLimit(1L).build())
                != null));
        Future.join(redisCheck, apiCheck).onComplete(done -> {
            if ("ok".equals(redisCheck.result()) && "ok".equals(apiCheck.result())) {
                ctx.json(new JsonObject()
                        .put("status", "ok")
                        .put("checks", new JsonObject().put("redis", "ok").put("kubernetes", "ok")));
            } else {
                problems.send(
                        ctx,
                        ApiProblem.unavailable(Text.of(
                                "problem.notReady", "redis", redisCheck.result(), "kubernetes", apiCheck.result())));
            }
        });
    }

    private static Future<String> check(Future<Boolean> probe) {
        return probe.timeout(CHECK_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                .map(v -> "ok")
                .otherwise("unreachable");
    }
}
