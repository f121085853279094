package io.manimvideo.ingress.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.manimvideo.api.Phase;
import io.manimvideo.api.Platform;
import io.manimvideo.api.VideoFacts;
import io.manimvideo.api.VideoFormat;
import io.manimvideo.api.VideoJob;
import io.manimvideo.ingress.ratelimit.PlatformConfig;
import io.manimvideo.ingress.testsupport.ApiClient;
import io.manimvideo.ingress.testsupport.KubernetesApi;
import io.manimvideo.ingress.testsupport.RedisServerExtension;
import io.manimvideo.ingress.testsupport.TestIngress;
import io.manimvideo.localinfra.redis.RedisServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisServerExtension.class)
class WebApiTest {
    private KubernetesApi api;
    private TestIngress ingress;
    private ApiClient client;

    @BeforeEach
    void start(RedisServer redis) throws Exception {
        api = new KubernetesApi();
        ingress = new TestIngress(redis, api);
        client = new ApiClient(ingress.baseUrl());
    }

    @AfterEach
    void stop() {
        ingress.close();
        api.close();
    }

    @Test
    void sameIdempotencyKeyTwentyTimesConcurrentlyMakesOneVideoJob() throws Exception {
        String token = client.newSession();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            calls.add(client.postProblemAsync(token, "Show why the derivative of x^2 is 2x", "same-key-123"));
        }
        List<HttpResponse<String>> responses =
                calls.stream().map(CompletableFuture::join).toList();

        assertThat(responses).extracting(HttpResponse::statusCode).allMatch(s -> s == 200 || s == 201);
        assertThat(responses).filteredOn(r -> r.statusCode() == 201).hasSize(1);
        assertThat(responses)
                .extracting(r -> new JsonObject(r.body()).getString("job_id"))
                .containsOnly(new JsonObject(responses.get(0).body()).getString("job_id"));
        assertThat(ingress.videoJobs()).hasSize(1);
        VideoJob job = ingress.videoJobs().get(0);
        assertThat(job.getMetadata().getName()).startsWith("web-");
        assertThat(job.getMetadata().getLabels())
                .containsEntry("manimvideo.io/platform", "web")
                .containsKey("manimvideo.io/session");
        JsonArray history = new JsonObject(client.get("/api/v1/jobs", token).body()).getJsonArray("items");
        assertThat(history).hasSize(1);
        assertThat(new JsonObject(client.get("/api/v1/session", token).body()).getInteger("total_submissions"))
                .isEqualTo(1);
    }

    @Test
    void malformedDeeplyNestedAndOversizedBodiesGetProblemJson() throws Exception {
        String token = client.newSession();
        HttpResponse<String> malformed =
                client.send("POST", "/api/v1/jobs", token, "{\"submission_type\": \"problem\", ", Map.of());
        String deep = "{\"submission_type\":\"problem\",\"content\":\"derivative of x squared\",\"options\":"
                + "[".repeat(5000) + "]".repeat(5000) + "}";
        HttpResponse<String> nested = client.send("POST", "/api/v1/jobs", token, deep, Map.of());
        String huge = ApiClient.problem("x".repeat(1_100_000));
        HttpResponse<String> oversized = client.send("POST", "/api/v1/jobs", token, huge, Map.of());
        HttpResponse<String> wrongShape = client.send(
                "POST",
                "/api/v1/jobs",
                token,
                "{\"submission_type\":\"poem\",\"content\":\"roses are red\"}",
                Map.of());
        HttpResponse<String> tooShort = client.send("POST", "/api/v1/jobs", token, ApiClient.problem("x^2?"), Map.of());

        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(nested.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(nested.body()).getString("detail")).contains("nested");
        assertThat(oversized.statusCode()).isEqualTo(413);
        assertThat(wrongShape.statusCode()).isEqualTo(400);
        assertThat(tooShort.statusCode()).isEqualTo(422);
        assertThat(new JsonObject(tooShort.body()).getString("detail")).contains("10 to 5,000 characters");
        for (HttpResponse<String> r : List.of(malformed, nested, oversized, wrongShape, tooShort)) {
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(new JsonObject(r.body()).getInteger("status")).isEqualTo(r.statusCode());
        }
        assertThat(ingress.videoJobs()).isEmpty();
    }

    @Test
    void aRequestTooLongToReadGetsProblemJsonAndItsConnectionIsNotReused() throws Exception {
        String token = client.newSession();
        String tooLongPath = "/api/v1/jobs/" + "a".repeat(5_000);
        for (int i = 0; i < 30; i++) {
            HttpResponse<String> tooLong = client.get(tooLongPath, token);
            // a client keeps a connection unless told to close it; POSTs are not retried on a dead one
            HttpResponse<String> next = client.send("POST", "/api/v1/sessions", null, "{}", Map.of());
            assertThat(tooLong.statusCode()).isEqualTo(414);
            assertThat(next.statusCode()).isEqualTo(201);
            assertThat(tooLong.headers().firstValue("Connection")).hasValue("close");
            assertThat(tooLong.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(new JsonObject(tooLong.body()).getString("detail")).contains("4,096");
        }
        HttpResponse<String> hugeHeader =
                client.send("GET", "/api/v1/session", token, null, Map.of("X-Filler", "f".repeat(9_000)));
        assertThat(hugeHeader.statusCode()).isEqualTo(431);
        assertThat(hugeHeader.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(client.send("POST", "/api/v1/sessions", null, "{}", Map.of()).statusCode())
                .isEqualTo(201);
    }

    @Test
    void bytesThatAreNotHttpGetProblemJsonAndTheConnectionIsClosed() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", ingress.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("NOT HTTP AT ALL\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            // readAllBytes returns only once the server has closed the connection
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.0 400 ").containsIgnoringCase("Connection: close");
            assertThat(new JsonObject(answer.substring(answer.indexOf("\r\n\r\n") + 4)).getString("detail"))
                    .isEqualTo("The request is not well-formed HTTP.");
        }
        assertThat(client.send("POST", "/api/v1/sessions", null, "{}", Map.of()).statusCode())
                .isEqualTo(201);
    }

    @Test
    void contractViolationsNameTheFieldAndTheRule() throws Exception {
        String token = client.newSession();
        HttpResponse<String> wrongShape = client.send(
                "POST",
                "/api/v1/jobs",
                token,
                "{\"submission_type\":\"poem\",\"content\":\"roses are red\",\"colour\":1}",
                Map.of());
        HttpResponse<String> badName = client.get("/api/v1/jobs/Not_A_Job", token);
        HttpResponse<String> shortKey = client.postProblem(token, "derivative of x squared", "abc");
        HttpResponse<String> notJson = client.http()
                .send(
                        HttpRequest.newBuilder(URI.create(ingress.baseUrl() + "/api/v1/jobs"))
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Type", "text/plain")
                                .POST(HttpRequest.BodyPublishers.ofString(ApiClient.problem("derivative of x^2")))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(wrongShape.statusCode()).isEqualTo(400);
        JsonObject problem = new JsonObject(wrongShape.body());
        assertThat(problem.getString("detail")).contains("/submission_type").contains("problem", "direct_code");
        assertThat(problem.getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("message")))
                .anySatisfy(m -> assertThat(m).contains("colour"));
        assertThat(badName.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(badName.body()).getString("detail")).contains("jobId");
        assertThat(shortKey.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(shortKey.body()).getString("detail"))
                .contains("Idempotency-Key")
                .contains("at least 8");
        assertThat(notJson.statusCode()).isEqualTo(415);
        for (HttpResponse<String> r : List.of(wrongShape, badName, shortKey, notJson)) {
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
        assertThat(ingress.videoJobs()).isEmpty();
    }

    @Test
    void anArabicWebUserGetsArabicProblemDetailsAndStatusTexts() throws Exception {
        HttpResponse<String> created = client.send("POST", "/api/v1/sessions", null, "{\"language\":\"ar\"}", Map.of());
        assertThat(created.statusCode()).isEqualTo(201);
        String token = new JsonObject(created.body()).getString("session_token");

        HttpResponse<String> tooShort = client.postProblem(token, "قصير جدًا", "arabic-short-1");
        assertThat(tooShort.statusCode()).isEqualTo(422);
        assertThat(tooShort.headers().firstValue("Content-Language")).hasValue("ar");
        JsonObject problem = new JsonObject(tooShort.body());
        assertThat(problem.getString("title")).isEqualTo("لم يُقبل الإرسال");
        assertThat(problem.getString("detail")).startsWith("يجب أن يكون طول المسألة من");
        assertThat(problem.getJsonArray("errors").getJsonObject(0).getString("message"))
                .startsWith("يجب أن يكون طول المسألة من");

        HttpResponse<String> accepted = client.postProblem(token, "بيّن لماذا مشتقة x^2 تساوي 2x", "arabic-problem-1");
        assertThat(accepted.statusCode()).isEqualTo(201);
        assertThat(new JsonObject(accepted.body()).getString("status_message")).isEqualTo("في قائمة الانتظار...");
        HttpResponse<String> missing = client.get("/api/v1/jobs/web-no-such-job", token);
        assertThat(new JsonObject(missing.body()).getString("detail"))
                .isEqualTo("لا توجد في هذه الجلسة مهمة بهذا المعرّف.");

        // the web API changes the language; later answers follow it
        HttpResponse<String> changed =
                client.send("PATCH", "/api/v1/session", token, "{\"language\":\"es\"}", Map.of());
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(changed.body()).getString("language_preference"))
                .isEqualTo("es");
        assertThat(new JsonObject(client.postProblem(token, "corto", "spanish-short-1")
                                .body())
                        .getString("title"))
                .isEqualTo("Envío no aceptado");

        // before a session is known, Accept-Language decides
        HttpResponse<String> anonymous = client.send(
                "POST",
                "/api/v1/jobs",
                null,
                ApiClient.problem("derivative of x squared"),
                Map.of("Accept-Language", "ar-EG,ar;q=0.9,en;q=0.5"));
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(new JsonObject(anonymous.body()).getString("title")).isEqualTo("غير مصرّح");
    }

    @Test
    void requestsWithoutSessionAreUnauthorized() throws Exception {
        HttpResponse<String> response =
                client.send("POST", "/api/v1/jobs", null, ApiClient.problem("derivative of x squared"), Map.of());
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void rateLimitAcceptsExactlyTheBurstUnderConcurrentRequests() throws Exception {
        String token = client.newSession();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            calls.add(client.postProblemAsync(token, "Integrate x squared from 0 to " + i, "key-number-" + i));
        }
        List<HttpResponse<String>> responses =
                calls.stream().map(CompletableFuture::join).toList();

        assertThat(responses).filteredOn(r -> r.statusCode() == 201).hasSize(3);
        List<HttpResponse<String>> limited =
                responses.stream().filter(r -> r.statusCode() == 429).toList();
        assertThat(limited).hasSize(17);
        assertThat(limited).allSatisfy(r -> {
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow()))
                    .isBetween(1L, 3600L);
        });
        assertThat(ingress.videoJobs()).hasSize(3);
    }

    @Test
    void directCodeCancelAndStatus() throws Exception {
        String token = client.newSession();
        String code =
                "from manim import *\nclass A(Scene):\n    def construct(self):\n        self.play(Create(Circle()))\n";
        HttpResponse<String> created = client.send(
                "POST",
                "/api/v1/code",
                token,
                new JsonObject()
                        .put("code", code)
                        .put(
                                "options",
                                new JsonObject().put("quality", "medium").put("format", "webm"))
                        .encode(),
                Map.of());
        assertThat(created.statusCode()).isEqualTo(201);
        String jobId = new JsonObject(created.body()).getString("job_id");
        VideoJob job = ingress.videoJobs().get(0);
        assertThat(job.getSpec().getManimCode()).isEqualTo(code);
        assertThat(job.getSpec().getOptions().getFormat()).isEqualTo(VideoFormat.WEBM);

        JsonObject status =
                new JsonObject(client.get("/api/v1/jobs/" + jobId, token).body());
        assertThat(status.getString("status")).isEqualTo("queued");
        assertThat(status.getString("submission_type")).isEqualTo("direct_code");

        String otherToken = client.newSession();
        assertThat(client.get("/api/v1/jobs/" + jobId, otherToken).statusCode()).isEqualTo(404);

        assertThat(client.send("DELETE", "/api/v1/jobs/" + jobId, token, null, Map.of())
                        .statusCode())
                .isEqualTo(204);
        await().atMost(Duration.ofSeconds(10)).until(() -> ingress.videoJobs().isEmpty());
        assertThat(client.get("/api/v1/jobs/" + jobId, token).statusCode()).isEqualTo(404);
    }

    @Test
    void directCodeSwitchedOffForThePlatformIsRefusedWithTheReason() throws Exception {
        ingress.running()
                .services()
                .platformConfigs()
                .put(new PlatformConfig(Platform.WEB, 10, 3, false, true))
                .await(5, TimeUnit.SECONDS);
        String token = client.newSession();
        HttpResponse<String> refused = client.send(
                "POST",
                "/api/v1/code",
                token,
                new JsonObject().put("code", "from manim import *").encode(),
                Map.of());

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(new JsonObject(refused.body()).getString("detail")).contains("switched off on web");
        assertThat(ingress.videoJobs()).isEmpty();
        HttpResponse<String> problem =
                client.send("POST", "/api/v1/jobs", token, ApiClient.problem("Derivative of sin(x)"), Map.of());
        assertThat(problem.statusCode()).isEqualTo(201);
    }

    @Test
    void videoAccessRecordsDeliveryAndRedirectsToPresignedUrl() throws Exception {
        String token = client.newSession();
        HttpResponse<String> created = client.send(
                "POST", "/api/v1/jobs", token, ApiClient.problem("Why is the sum of angles 180 degrees?"), Map.of());
        String jobId = new JsonObject(created.body()).getString("job_id");
        assertThat(client.get("/api/v1/jobs/" + jobId + "/video", token).statusCode())
                .isEqualTo(409);

        api.writeStatus(jobId, status -> {
            status.setPhase(Phase.READY);
            VideoFacts video = new VideoFacts();
            video.setObjectKey("videojobs/videos/" + jobId + "/uid/video.mp4");
            video.setThumbnailKey("videojobs/videos/" + jobId + "/uid/thumbnail.png");
            video.setFormat(VideoFormat.MP4);
            video.setDurationSeconds(12.0);
            status.setVideo(video);
        });
        HttpResponse<String> access = client.get("/api/v1/jobs/" + jobId + "/video", token);

        assertThat(access.statusCode()).isEqualTo(302);
        URI location = URI.create(access.headers().firstValue("Location").orElseThrow());
        assertThat(location.getPath()).isEqualTo("/manim-videos/videojobs/videos/" + jobId + "/uid/video.mp4");
        assertThat(location.getQuery()).contains("X-Amz-Signature=").contains("X-Amz-Expires=3600");
        VideoJob job = api.client()
                .resources(VideoJob.class)
                .inNamespace(api.namespace())
                .withName(jobId)
                .get();
        assertThat(job.getMetadata().getAnnotations()).containsKey(VideoJob.DELIVERED_ANNOTATION);

        JsonObject status =
                new JsonObject(client.get("/api/v1/jobs/" + jobId, token).body());
        assertThat(status.getString("video_url")).isEqualTo("/api/v1/jobs/" + jobId + "/video");
        assertThat(status.getString("description")).contains("Why is the sum of angles 180 degrees?");
    }

    @Test
    void captionsAndTranscriptWaitForTheVideoAndSayWhenThereAreNone() throws Exception {
        String token = client.newSession();
        HttpResponse<String> created =
                client.send("POST", "/api/v1/jobs", token, ApiClient.problem("Differentiate x^3 please"), Map.of());
        String jobId = new JsonObject(created.body()).getString("job_id");
        assertThat(client.get("/api/v1/jobs/" + jobId + "/captions", token).statusCode())
                .isEqualTo(409);
        assertThat(client.get("/api/v1/jobs/" + jobId + "/transcript", token).statusCode())
                .isEqualTo(409);

        api.writeStatus(jobId, status -> {
            status.setPhase(Phase.READY);
            VideoFacts video = new VideoFacts();
            video.setObjectKey("videojobs/videos/" + jobId + "/uid/video.mp4");
            status.setVideo(video);
        });
        // a video without subcaptions (direct code that wrote none): no links in the status, a clear 404
        JsonObject status =
                new JsonObject(client.get("/api/v1/jobs/" + jobId, token).body());
        assertThat(status.containsKey("captions_url")).isFalse();
        assertThat(status.containsKey("transcript_url")).isFalse();
        HttpResponse<String> none = client.get("/api/v1/jobs/" + jobId + "/captions", token);
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(none.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(new JsonObject(none.body()).getString("detail")).isEqualTo("This video has no captions.");
        // another session cannot read them
        assertThat(client.get("/api/v1/jobs/" + jobId + "/transcript", client.newSession())
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void operationalEndpoints() throws Exception {
        assertThat(client.get("/healthz", null).statusCode()).isEqualTo(200);
        HttpResponse<String> ready = client.get("/readyz", null);
        assertThat(ready.statusCode()).isEqualTo(200);
        client.get("/healthz", null);
        HttpResponse<String> metrics = client.get("/metrics", null);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("vertx_http_server_requests_total");
        HttpResponse<String> page = client.get("/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<html");
        HttpResponse<String> missing = client.get("/nowhere", null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }
}
