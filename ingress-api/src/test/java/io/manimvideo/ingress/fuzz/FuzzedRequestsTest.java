package io.manimvideo.ingress.fuzz;

import static io.manimvideo.ingress.chat.BotTestEnvironment.TELEGRAM_SECRET;
import static io.manimvideo.ingress.chat.BotTestEnvironment.WHATSAPP_APP_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import io.manimvideo.ingress.chat.BotTestEnvironment;
import io.manimvideo.ingress.fakes.TelegramPayloads;
import io.manimvideo.ingress.fakes.WhatsAppPayloads;
import io.manimvideo.ingress.testsupport.ApiClient;
import io.manimvideo.ingress.testsupport.RedisServerExtension;
import io.manimvideo.ingress.whatsapp.WhatsAppSignature;
import io.manimvideo.localinfra.redis.RedisServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Several hundred malformed, mistyped and odd bodies per route (Telegram and WhatsApp webhooks, the web
 * API): with Redis and the API server up, none gets a 5xx (a 5xx tells a platform to redeliver forever),
 * the service stays healthy, and its heap after GC does not grow with what it was sent.
 */
@ExtendWith(RedisServerExtension.class)
class FuzzedRequestsTest {
    private static final int PER_ROUTE = 300;
    private static final int CONCURRENCY = 8;
    /** Heap after GC may move by allocator noise and caches filling; growth with traffic would be far larger. */
    private static final long HEAP_GROWTH_BOUND = 24L * 1024 * 1024;

    private BotTestEnvironment env;
    private ApiClient client;
    private final WhatsAppSignature signer = new WhatsAppSignature(WHATSAPP_APP_SECRET);
    private final List<String> serverErrors = new ArrayList<>();
    private final Map<String, Integer> statuses = new java.util.TreeMap<>();

    @BeforeEach
    void start(RedisServer redis) throws Exception {
        env = new BotTestEnvironment(redis, e -> {
            e.put("RATE_LIMIT_BURST", "40");
            e.put("RATE_LIMIT_PER_HOUR", "1000");
        });
        client = new ApiClient(env.ingress.baseUrl());
    }

    @AfterEach
    void stop() throws Exception {
        env.close();
    }

    @Test
    void noFuzzedRequestGetsAServerErrorAndTheServiceStaysHealthy() throws Exception {
        String token = client.newSession();
        List<Function<Integer, HttpRequest>> routes = routes(token);
        // a first round warms up every code path (classes, pools, caches) before the heap is measured
        fire(routes, 40, 1);
        long heapBefore = heapAfterGc();
        fire(routes, PER_ROUTE, 2);
        long heapAfter = heapAfterGc();
        System.out.println("fuzzed answers by route and status: " + statuses);
        assertThat(serverErrors).as("5xx answers to fuzzed requests").isEmpty();
        // enough bodies must get past contract validation (400 at the edge) to exercise the handlers
        assertThat(statuses.getOrDefault("/webhooks/telegram 200", 0)).isGreaterThan(PER_ROUTE / 6);
        assertThat(statuses.getOrDefault("/webhooks/whatsapp 200", 0)).isGreaterThan(PER_ROUTE / 6);
        assertThat(client.get("/healthz", null).statusCode()).isEqualTo(200);
        assertThat(client.get("/readyz", null).statusCode()).isEqualTo(200);
        assertThat(heapAfter - heapBefore)
                .as("heap growth after GC, bytes (before %d)", heapBefore)
                .isLessThan(HEAP_GROWTH_BOUND);
    }

    private List<Function<Integer, HttpRequest>> routes(String token) {
        List<JsonObject> telegram = List.of(
                new JsonObject(TelegramPayloads.text(1, 9001, "show why the derivative of x^2 is 2x")),
                new JsonObject(TelegramPayloads.photo(1, 9002, "solve this")),
                new JsonObject(TelegramPayloads.kicked(1, 9003)),
                new JsonObject("""
            {"update_id":1,"edited_message":{"message_id":3,"date":1767225600,"edit_date":1767225700,
              "from":{"id":9004,"is_bot":false,"first_name":"A"},"chat":{"id":9004,"type":"private"},"text":"edited"}}"""),
                new JsonObject("""
            {"update_id":1,"callback_query":{"id":"cb","from":{"id":9005,"is_bot":false,"first_name":"A"},
              "chat_instance":"1","data":"retry:tg-1",
              "message":{"message_id":1,"date":1767225600,"chat":{"id":9005,"type":"private"}}}}"""));
        List<JsonObject> whatsapp = List.of(
                new JsonObject(WhatsAppPayloads.webhook(WhatsAppPayloads.messagesValue(
                        WhatsAppPayloads.text("wamid.A1", "5511987654321", "show that 1+1=2")))),
                new JsonObject(
                        WhatsAppPayloads.webhook(
                                WhatsAppPayloads.messagesValue(
                                        WhatsAppPayloads.message(
                                                "wamid.A2",
                                                "5511987654322",
                                                "interactive",
                                                "\"interactive\":{\"type\":\"button_reply\",\"button_reply\":{\"id\":\"retry:wa-1\",\"title\":\"Try again\"}}")))),
                new JsonObject(WhatsAppPayloads.webhook(WhatsAppPayloads.messagesValue(WhatsAppPayloads.message(
                        "wamid.A3",
                        "5511987654323",
                        "image",
                        "\"image\":{\"id\":\"1\",\"caption\":\"solve this\"}")))));
        List<JsonObject> jobs = List.of(
                new JsonObject(ApiClient.problem("show why the derivative of x^2 is 2x"))
                        .put(
                                "options",
                                new JsonObject()
                                        .put("quality", "low")
                                        .put("format", "mp4")
                                        .put("max_duration_seconds", 30))
                        .put("accessibility", new JsonObject().put("audio_description", true)),
                new JsonObject()
                        .put(
                                "code",
                                "from manim import *\nclass A(Scene):\n    def construct(self):\n        self.wait()\n")
                        .put("scene_name", "A"));
        List<Function<Integer, HttpRequest>> routes = new ArrayList<>();
        JsonFuzzer fuzzer = new JsonFuzzer(8);
        routes.add(i -> {
            JsonObject example = telegram.get(i % telegram.size()).copy().put("update_id", 500_000 + i);
            return post(
                    "/webhooks/telegram",
                    fuzzer.bodies(example, 1).get(0),
                    Map.of("X-Telegram-Bot-Api-Secret-Token", TELEGRAM_SECRET));
        });
        routes.add(i -> {
            String body =
                    fuzzer.bodies(whatsapp.get(i % whatsapp.size()), 1).get(0).replace("wamid.A", "wamid.F" + i + "-");
            return post("/webhooks/whatsapp", body, Map.of("X-Hub-Signature-256", signer.sign(Buffer.buffer(body))));
        });
        routes.add(i -> post(
                i % 2 == 0 ? "/api/v1/jobs" : "/api/v1/code",
                fuzzer.bodies(jobs.get(i % 2), 1).get(0),
                Map.of("Authorization", "Bearer " + token, "Idempotency-Key", "fuzz-" + i)));
        routes.add(i -> post(
                "/api/v1/sessions",
                fuzzer.bodies(
                                new JsonObject()
                                        .put("language", "en")
                                        .put("accessibility_enabled", true)
                                        .put("screen_reader_preferred", false),
                                1)
                        .get(0),
                Map.of()));
        routes.add(i -> {
            String id = URLEncoder.encode(
                    fuzzer.bodies(new JsonObject().put("id", "tg-1"), 1).get(0), StandardCharsets.UTF_8);
            String[] paths = {
                "/api/v1/jobs/" + id,
                "/api/v1/jobs/" + id + "/video",
                "/api/v1/jobs/" + id + "/thumbnail",
                "/api/v1/link-codes/" + id + "/redemption",
                "/api/v1/jobs/" + id + "/delivered"
            };
            String path = paths[i % paths.length];
            boolean post = path.endsWith("redemption") || path.endsWith("delivered");
            return client.request(
                    post ? "POST" : (i % 7 == 0 ? "DELETE" : "GET"), path, token, post ? "{}" : null, Map.of());
        });
        return routes;
    }

    private HttpRequest post(String path, String body, Map<String, String> headers) {
        return client.request("POST", path, null, body, headers);
    }

    /** Sends {@code count} requests per route, {@link #CONCURRENCY} at a time, and records every 5xx. */
    private void fire(List<Function<Integer, HttpRequest>> routes, int count, int round) {
        List<HttpRequest> requests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            for (Function<Integer, HttpRequest> route : routes) {
                requests.add(route.apply(round * 100_000 + i));
            }
        }
        for (int from = 0; from < requests.size(); from += CONCURRENCY) {
            List<CompletableFuture<HttpResponse<String>>> batch = new ArrayList<>();
            List<HttpRequest> sent = requests.subList(from, Math.min(requests.size(), from + CONCURRENCY));
            sent.forEach(r -> batch.add(client.http().sendAsync(r, HttpResponse.BodyHandlers.ofString())));
            for (int i = 0; i < batch.size(); i++) {
                String route = sent.get(i).uri().getPath().replaceAll("^(/[^/]+/[^/]+/?[a-z-]*).*", "$1");
                HttpResponse<String> response;
                try {
                    response = batch.get(i).join();
                } catch (CompletionException e) {
                    // a request line over the server's limit gets 414 and the connection closed; when the close
                    // overtakes the rest of the line, the client sees a reset before it can read the 414
                    if (!(e.getCause() instanceof IOException) || !overLongRequestLine(sent.get(i))) {
                        throw new AssertionError(
                                "no answer to " + sent.get(i).method() + " " + route + " (request " + (from + i) + ")",
                                e);
                    }
                    statuses.merge(route + " 414 or closed", 1, Integer::sum);
                    continue;
                }
                statuses.merge(route + " " + response.statusCode(), 1, Integer::sum);
                if (response.statusCode() >= 500) {
                    serverErrors.add(sent.get(i).method() + " "
                            + sent.get(i).uri().getPath() + " -> " + response.statusCode() + " " + response.body());
                }
            }
        }
    }

    private static boolean overLongRequestLine(HttpRequest request) {
        String target = request.uri().getRawPath()
                + (request.uri().getRawQuery() == null
                        ? ""
                        : "?" + request.uri().getRawQuery());
        String line = request.method() + " " + target + " HTTP/1.1";
        return line.length() > HttpServerOptions.DEFAULT_MAX_INITIAL_LINE_LENGTH;
    }

    private static long heapAfterGc() throws InterruptedException {
        var memory = ManagementFactory.getMemoryMXBean();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
            least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
        }
        return least;
    }
}
