package io.manimvideo.ingress.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.manimvideo.api.Platform;
import io.manimvideo.ingress.IngressSettings;
import io.manimvideo.ingress.testsupport.ApiClient;
import io.manimvideo.ingress.testsupport.RedisServerExtension;
import io.manimvideo.ingress.testsupport.TestIngress;
import io.manimvideo.localinfra.redis.RedisServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
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
class SessionFlowsTest {
    private TestIngress ingress;
    private ApiClient client;
    private RedisServer redis;

    @BeforeEach
    void start(RedisServer redis) throws Exception {
        this.redis = redis;
        ingress = TestIngress.onItsOwnNamespace(
                redis, Map.of("RATE_LIMIT_BURST", "500", "RATE_LIMIT_PER_HOUR", "100000"));
        client = new ApiClient(ingress.baseUrl());
    }

    @AfterEach
    void stop() {
        ingress.close();
    }

    @Test
    void historyKeepsTheNewestHundredEntries() throws Exception {
        String token = client.newSession();
        for (int batch = 0; batch < 105; batch += 15) {
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = batch; i < Math.min(105, batch + 15); i++) {
                calls.add(client.postProblemAsync(
                        token, String.format("Problem number %03d: sum of 1..n", i), "history-key-" + i));
            }
            calls.forEach(c -> assertThat(c.join().statusCode()).isEqualTo(201));
            Thread.sleep(1100); // creation timestamps have one-second resolution: keep batches apart
        }
        JsonArray items = new JsonObject(client.get("/api/v1/jobs", token).body()).getJsonArray("items");
        assertThat(items).hasSize(100);
        List<String> previews = items.stream()
                .map(e -> ((JsonObject) e).getString("problem_preview"))
                .toList();
        List<Integer> numbers = previews.stream()
                .map(p -> Integer.parseInt(p.substring(15, 18)))
                .toList();
        // the five dropped are from the oldest batch (0..14); every later submission is kept
        assertThat(numbers)
                .doesNotHaveDuplicates()
                .containsAll(java.util.stream.IntStream.range(15, 105).boxed().toList());
        assertThat(numbers.stream().filter(n -> n < 15)).hasSize(10);
        assertThat(numbers.get(0)).isGreaterThanOrEqualTo(90); // newest first
        assertThat(items.getJsonObject(0).fieldNames()).doesNotContain("content", "manim_code", "problem_text");
        assertThat(previews).allMatch(p -> p.length() <= 50);
        assertThat(new JsonObject(client.get("/api/v1/session", token).body()).getInteger("total_submissions"))
                .isEqualTo(105);
    }

    @Test
    void aLinkCodeMakesOneSessionSpanPlatforms() throws Exception {
        String first = client.newSession();
        HttpResponse<String> submitted =
                client.send("POST", "/api/v1/jobs", first, ApiClient.problem("Area of a circle of radius r"), Map.of());
        String jobId = new JsonObject(submitted.body()).getString("job_id");
        String sessionId = new JsonObject(client.get("/api/v1/session", first).body()).getString("session_id");

        // shown on the web, redeemed in Telegram (what the bot does with "/link CODE")
        String code = new JsonObject(client.send("POST", "/api/v1/link-codes", first, null, Map.of())
                        .body())
                .getString("code");
        SessionStore sessions = ingress.running().services().sessions();
        LinkCodes codes = ingress.running().services().linkCodes();
        UserSession linked = codes.redeem(code.toLowerCase(), Platform.TELEGRAM, "123456789")
                .await(5, TimeUnit.SECONDS)
                .orElseThrow();
        assertThat(linked.sessionId()).isEqualTo(sessionId);
        assertThat(sessions.findByAddress(Platform.TELEGRAM, "123456789").await(5, TimeUnit.SECONDS))
                .hasValueSatisfying(s -> assertThat(s.sessionId()).isEqualTo(sessionId));
        assertThat(codes.redeem(code, Platform.WHATSAPP, "+491701234567").await(5, TimeUnit.SECONDS))
                .isEmpty();

        // shown in a chat, redeemed on another browser
        String chatCode = codes.create(sessionId).await(5, TimeUnit.SECONDS).code();
        String second = client.newSession();
        assertThat(client.get("/api/v1/jobs/" + jobId, second).statusCode()).isEqualTo(404);
        HttpResponse<String> redeemed =
                client.send("POST", "/api/v1/link-codes/" + chatCode + "/redemption", second, null, Map.of());
        assertThat(redeemed.statusCode()).isEqualTo(200);
        JsonObject session = new JsonObject(redeemed.body());
        assertThat(session.getString("session_id")).isEqualTo(sessionId);
        assertThat(session.getJsonArray("platforms").getList()).contains("telegram", "web");
        assertThat(client.get("/api/v1/jobs/" + jobId, second).statusCode()).isEqualTo(200);

        HttpResponse<String> unknown =
                client.send("POST", "/api/v1/link-codes/ZZZZZZZZ/redemption", second, null, Map.of());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void aMessageInAChatExtendsTheLifetimeOfEverythingItsSessionOwns() throws Exception {
        String token = client.newSession();
        assertThat(client.send(
                                "POST",
                                "/api/v1/jobs",
                                token,
                                ApiClient.problem("Sum of the first n odd numbers"),
                                Map.of())
                        .statusCode())
                .isEqualTo(201);
        String sessionId = new JsonObject(client.get("/api/v1/session", token).body()).getString("session_id");
        SessionStore sessions = ingress.running().services().sessions();
        sessions.attach(sessionId, Platform.TELEGRAM, "424242").await(5, TimeUnit.SECONDS);
        List<String> owned = List.of(
                "session:" + sessionId,
                "session:" + sessionId + ":history",
                "jobs:by_session:" + sessionId,
                "sessions:by_web:" + token,
                "sessions:by_telegram:424242");
        for (String key : owned) {
            assertThat(redis.command("EXPIRE " + key + " 60")).isEqualTo(":1");
        }

        UserSession resolved =
                sessions.resolve(Platform.TELEGRAM, "424242", "en").await(5, TimeUnit.SECONDS);

        assertThat(resolved.sessionId()).isEqualTo(sessionId);
        assertThat(resolved.webSessionToken()).hasValue(token);
        assertThat(resolved.totalSubmissions()).isEqualTo(1);
        for (String key : owned) {
            assertThat(Long.parseLong(redis.command("TTL " + key).substring(1)))
                    .as(key)
                    .isGreaterThan(IngressSettings.SESSION_TTL
                                    .defaultParsed()
                                    .orElseThrow()
                                    .toSeconds()
                            - 60);
        }
        // an address nobody has: a new session of its own, with the same lifetime
        UserSession fresh = sessions.resolve(Platform.TELEGRAM, "515151", "de").await(5, TimeUnit.SECONDS);
        assertThat(fresh.sessionId()).isNotEqualTo(sessionId);
        assertThat(fresh.languagePreference()).isEqualTo("de");
        assertThat(Long.parseLong(
                        redis.command("TTL sessions:by_telegram:515151").substring(1)))
                .isGreaterThan(IngressSettings.SESSION_TTL
                                .defaultParsed()
                                .orElseThrow()
                                .toSeconds()
                        - 60);

        // first messages from one address arriving at once make one session
        List<io.vertx.core.Future<UserSession>> firsts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            firsts.add(sessions.resolve(Platform.WHATSAPP, "+491701234567", "en"));
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (var first : firsts) {
            ids.add(first.await(5, TimeUnit.SECONDS).sessionId());
        }
        assertThat(ids).hasSize(1);
    }
}
