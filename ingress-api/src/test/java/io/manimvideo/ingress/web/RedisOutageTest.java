package io.manimvideo.ingress.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.manimvideo.ingress.testsupport.ApiClient;
import io.manimvideo.ingress.testsupport.KubernetesApi;
import io.manimvideo.ingress.testsupport.RedisServer;
import io.manimvideo.ingress.testsupport.RedisServerExtension;
import io.manimvideo.ingress.testsupport.TestIngress;
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
    try (KubernetesApi api = new KubernetesApi(); TestIngress ingress = new TestIngress(redis, api)) {
      ApiClient client = new ApiClient(ingress.baseUrl());
      String token = client.newSession();
      HttpResponse<String> before = client.send("POST", "/api/v1/jobs", token,
          ApiClient.problem("Explain the Pythagorean theorem"), Map.of("Idempotency-Key", "before-outage"));
      assertThat(before.statusCode()).isEqualTo(201);

      redis.stop();
      HttpResponse<String> during = client.send("POST", "/api/v1/jobs", token,
          ApiClient.problem("Explain why 0.999... equals 1"), Map.of("Idempotency-Key", "during-outage"));
      assertThat(during.statusCode()).isEqualTo(503);
      assertThat(during.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(during.headers().firstValue("Retry-After")).isPresent();
      assertThat(new JsonObject(during.body()).getString("detail")).contains("Redis").contains("retry");
      assertThat(client.get("/readyz", null).statusCode()).isEqualTo(503);
      assertThat(client.get("/healthz", null).statusCode()).isEqualTo(200);
      assertThat(ingress.videoJobs()).hasSize(1);

      redis.start();
      await().atMost(Duration.ofSeconds(20)).until(() -> client.get("/readyz", null).statusCode() == 200);
      HttpResponse<String> retried = client.send("POST", "/api/v1/jobs", token,
          ApiClient.problem("Explain why 0.999... equals 1"), Map.of("Idempotency-Key", "during-outage"));
      assertThat(retried.statusCode()).isEqualTo(201);

      assertThat(ingress.videoJobs()).hasSize(2);
      JsonArray history = new JsonObject(client.get("/api/v1/jobs", token).body()).getJsonArray("items");
      assertThat(history).hasSize(2);
      assertThat(history.stream().map(e -> ((JsonObject) e).getString("problem_preview")))
          .containsExactlyInAnyOrder("Explain the Pythagorean theorem", "Explain why 0.999... equals 1");
    }
  }
}
