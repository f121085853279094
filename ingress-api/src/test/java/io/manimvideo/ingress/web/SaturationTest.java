package io.manimvideo.ingress.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.manimvideo.ingress.testsupport.ApiClient;
import io.manimvideo.ingress.testsupport.KubernetesApi;
import io.manimvideo.ingress.testsupport.RedisServerExtension;
import io.manimvideo.ingress.testsupport.TestIngress;
import io.manimvideo.localinfra.redis.RedisServer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisServerExtension.class)
class SaturationTest {
    @Test
    void beyondTheInFlightBoundRequestsGet503WithRetryAfterAndHealthStillAnswers(RedisServer redis) throws Exception {
        try (KubernetesApi api = new KubernetesApi();
                TestIngress ingress =
                        new TestIngress(redis, api, Map.of("MAX_IN_FLIGHT", "2", "HTTP_EVENT_LOOPS", "2"))) {
            ApiClient client = new ApiClient(ingress.baseUrl());
            String token = client.newSession();
            // Redis holds every command for a second: the first requests stay in flight meanwhile
            Process pause = new ProcessBuilder(
                            "redis-cli", "-p", Integer.toString(redis.port()), "CLIENT", "PAUSE", "1000", "ALL")
                    .start();
            assertThat(pause.waitFor(5, TimeUnit.SECONDS)).isTrue();
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                calls.add(client.postProblemAsync(token, "Explain the Pythagorean theorem", "saturation-" + i));
                Thread.sleep(50);
            }
            HttpResponse<String> health = client.get("/healthz", null);
            assertThat(health.statusCode()).isEqualTo(200);
            List<HttpResponse<String>> answers =
                    calls.stream().map(CompletableFuture::join).toList();
            List<HttpResponse<String>> refused =
                    answers.stream().filter(r -> r.statusCode() == 503).toList();
            assertThat(answers.stream().filter(r -> r.statusCode() == 201)).hasSize(2);
            assertThat(refused).hasSize(4).allSatisfy(r -> {
                assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
                assertThat(new JsonObject(r.body()).getString("detail"))
                        .contains("busy")
                        .contains("Nothing was recorded");
            });
            assertThat(ingress.videoJobs()).hasSize(2);
            // once the work is done, the bound is free again
            assertThat(client.postProblem(token, "Explain the Pythagorean theorem", "saturation-after")
                            .statusCode())
                    .isEqualTo(201);
        }
    }
}
