package io.manimvideo.ingress.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.manimvideo.ingress.testsupport.ApiClient;
import io.manimvideo.ingress.testsupport.KubernetesApi;
import io.manimvideo.ingress.testsupport.RedisServerExtension;
import io.manimvideo.ingress.testsupport.TestIngress;
import io.manimvideo.localinfra.redis.RedisServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisServerExtension.class)
class RedisOutageTest {
    @Test
    void submissionsGet503WhileRedisIsDownAndNothingAcceptedIsLost(RedisServer redis) throws Exception {
        try (KubernetesApi api = new KubernetesApi();
                TestIngress ingress = new TestIngress(redis, api)) {
            ApiClient client = new ApiClient(ingress.baseUrl());
            String token = client.newSession();
            HttpResponse<String> before = client.postProblem(token, "Explain the Pythagorean theorem", "before-outage");
            assertThat(before.statusCode()).isEqualTo(201);

            redis.stop();
            HttpResponse<String> during = client.postProblem(token, "Explain why 0.999... equals 1", "during-outage");
            assertThat(during.statusCode()).isEqualTo(503);
            assertThat(during.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(during.headers().firstValue("Retry-After")).isPresent();
            assertThat(new JsonObject(during.body()).getString("detail"))
                    .contains("Redis")
                    .contains("retry");
            assertThat(client.get("/readyz", null).statusCode()).isEqualTo(503);
            assertThat(client.get("/healthz", null).statusCode()).isEqualTo(200);
            assertThat(ingress.videoJobs()).hasSize(1);

            redis.start();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> client.get("/readyz", null).statusCode() == 200);
            HttpResponse<String> retried = client.postProblem(token, "Explain why 0.999... equals 1", "during-outage");
            assertThat(retried.statusCode()).isEqualTo(201);

            assertThat(ingress.videoJobs()).hasSize(2);
            JsonArray history = new JsonObject(client.get("/api/v1/jobs", token).body()).getJsonArray("items");
            assertThat(history).hasSize(2);
            assertThat(history.stream().map(e -> ((JsonObject) e).getString("problem_preview")))
                    .containsExactlyInAnyOrder("Explain the Pythagorean theorem", "Explain why 0.999... equals 1");
        }
    }

    @Test
    void pausedRedisCostsARequestTheCommandTimeoutAndReadinessSaysSo(RedisServer redis) throws Exception {
        try (KubernetesApi api = new KubernetesApi();
                TestIngress ingress = new TestIngress(redis, api, Map.of("REDIS_COMMAND_TIMEOUT", "PT1S"))) {
            ApiClient client = new ApiClient(ingress.baseUrl());
            String token = client.newSession();
            redis.pause();
            try {
                long started = System.nanoTime();
                HttpResponse<String> during =
                        client.postProblem(token, "Explain why 0.999... equals 1", "paused-redis");
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                assertThat(during.statusCode()).as(during.body()).isEqualTo(503);
                assertThat(new JsonObject(during.body()).getString("detail")).contains("Redis");
                // the first command times out; nothing waits for Redis for as long as it is paused
                assertThat(took).isLessThan(Duration.ofSeconds(5));
                assertThat(client.get("/readyz", null).statusCode()).isEqualTo(503);
                assertThat(client.get("/healthz", null).statusCode()).isEqualTo(200);
            } finally {
                redis.resume();
            }
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> client.get("/readyz", null).statusCode() == 200);
            HttpResponse<String> retried = client.postProblem(token, "Explain why 0.999... equals 1", "paused-redis");
            assertThat(retried.statusCode()).isIn(200, 201);
            assertThat(ingress.videoJobs()).hasSize(1);
        }
    }

    @Test
    void killedRedisIsReconnectedAfterItComesBack(RedisServer redis) throws Exception {
        try (KubernetesApi api = new KubernetesApi();
                TestIngress ingress = new TestIngress(redis, api)) {
            ApiClient client = new ApiClient(ingress.baseUrl());
            assertThat(client.send("POST", "/api/v1/sessions", null, "{}", Map.of())
                            .statusCode())
                    .isEqualTo(201);
            redis.kill();
            assertThat(client.send("POST", "/api/v1/sessions", null, "{}", Map.of())
                            .statusCode())
                    .isEqualTo(503);
            assertThat(client.get("/readyz", null).statusCode()).isEqualTo(503);
            redis.start();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> client.get("/readyz", null).statusCode() == 200);
            String token = client.newSession();
            assertThat(client.postProblem(token, "Explain the Pythagorean theorem", "after-kill")
                            .statusCode())
                    .isEqualTo(201);
        }
    }
}
