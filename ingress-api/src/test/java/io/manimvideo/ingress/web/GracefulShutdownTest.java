package io.manimvideo.ingress.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.manimvideo.ingress.testsupport.ApiClient;
import io.manimvideo.ingress.testsupport.KubernetesApi;
import io.manimvideo.ingress.testsupport.RedisServerExtension;
import io.manimvideo.ingress.testsupport.TestIngress;
import io.manimvideo.localinfra.redis.RedisServer;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisServerExtension.class)
class GracefulShutdownTest {
    @Test
    void aSubmissionInFlightWhenShutdownStartsIsStillAnswered(RedisServer redis) throws Exception {
        try (KubernetesApi api = new KubernetesApi()) {
            TestIngress ingress = new TestIngress(redis, api);
            ApiClient client = new ApiClient(ingress.baseUrl());
            String token = client.newSession();
            // Redis holds every command for 1.5 s, so the submission is in the middle of its work...
            Process pause = new ProcessBuilder(
                            "redis-cli", "-p", Integer.toString(redis.port()), "CLIENT", "PAUSE", "1500", "ALL")
                    .start();
            assertThat(pause.waitFor(5, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(
                    "POST",
                    "/api/v1/jobs",
                    token,
                    ApiClient.problem("Why does a circle have the largest area for its perimeter?"),
                    Map.of());
            Thread.sleep(400);
            // ...when the shutdown starts
            CompletableFuture<Void> shutdown = CompletableFuture.runAsync(ingress::close);

            HttpResponse<String> response = inFlight.get(30, TimeUnit.SECONDS);
            shutdown.get(30, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(201);
            assertThat(ingress.videoJobs()).hasSize(1);
        }
    }
}
