package io.manimvideo.ingress.chat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.manimvideo.api.Phase;
import io.manimvideo.api.Platform;
import io.manimvideo.api.VideoJob;
import io.manimvideo.api.VideoJobStatus;
import io.manimvideo.ingress.IngressServices;
import io.manimvideo.ingress.fakes.FakeTelegramBotApi;
import io.manimvideo.ingress.fakes.FakeWhatsAppCloudApi;
import io.manimvideo.ingress.fakes.S3ProxyStorage;
import io.manimvideo.ingress.redis.RedisKeys;
import io.manimvideo.ingress.testsupport.KubernetesApi;
import io.manimvideo.ingress.testsupport.KubernetesEndpoint;
import io.manimvideo.ingress.testsupport.TestIngress;
import io.manimvideo.localinfra.redis.RedisServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.awaitility.Awaitility;

/**
 * The whole ingress with both bots on, against real parts: a real redis-server, the shared real API server
 * (a namespace of its own, the committed CRD), S3Proxy as storage, and the fake Telegram and WhatsApp APIs.
 */
public final class BotTestEnvironment implements AutoCloseable {
    public static final String TELEGRAM_TOKEN = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11";
    public static final String TELEGRAM_SECRET = "telegram-webhook-secret_0123456789";
    public static final String WHATSAPP_TOKEN = "EAAG-test-access-token";
    public static final String WHATSAPP_APP_SECRET = "whatsapp-app-secret";
    public static final String WHATSAPP_VERIFY_TOKEN = "verify-me-please";
    public static final String WHATSAPP_PHONE_ID = "106540352242922";

    public final Vertx vertx = Vertx.vertx();
    public final RedisServer redisServer;
    public final KubernetesEndpoint api;
    public final KubernetesClient kubernetes;
    public final S3ProxyStorage storage;
    public final FakeTelegramBotApi telegram = new FakeTelegramBotApi(TELEGRAM_TOKEN);
    public final FakeWhatsAppCloudApi whatsapp = new FakeWhatsAppCloudApi(WHATSAPP_TOKEN);
    public final TestIngress ingress;
    public final WebClient http;
    private final Redis redis;

    public BotTestEnvironment(RedisServer redisServer) throws Exception {
        this(redisServer, env -> {});
    }

    public BotTestEnvironment(RedisServer redisServer, Consumer<Map<String, String>> overrides) throws Exception {
        this(redisServer, new KubernetesApi(), overrides);
    }

    /** On {@code api} (closed with the environment). */
    public BotTestEnvironment(RedisServer redisServer, KubernetesEndpoint api, Consumer<Map<String, String>> overrides)
            throws Exception {
        this.redisServer = redisServer;
        this.api = api;
        kubernetes = api.client();
        storage = new S3ProxyStorage();
        telegram.start(vertx).await();
        whatsapp.start(vertx).await();
        Map<String, String> env = new HashMap<>(Map.ofEntries(
                Map.entry("PUBLIC_BASE_URL", "http://127.0.0.1:8080"),
                Map.entry("TELEGRAM_BOT_TOKEN", TELEGRAM_TOKEN),
                Map.entry("TELEGRAM_WEBHOOK_SECRET", TELEGRAM_SECRET),
                Map.entry("TELEGRAM_API_BASE_URL", telegram.baseUrl()),
                Map.entry("TELEGRAM_BOT_USERNAME", "ManimVideoBot"),
                Map.entry("WHATSAPP_ACCESS_TOKEN", WHATSAPP_TOKEN),
                Map.entry("WHATSAPP_APP_SECRET", WHATSAPP_APP_SECRET),
                Map.entry("WHATSAPP_VERIFY_TOKEN", WHATSAPP_VERIFY_TOKEN),
                Map.entry("WHATSAPP_PHONE_NUMBER_ID", WHATSAPP_PHONE_ID),
                Map.entry("WHATSAPP_API_BASE_URL", whatsapp.baseUrl()),
                Map.entry("STORAGE_ENDPOINT", storage.endpoint()),
                Map.entry("STORAGE_ACCESS_KEY", S3ProxyStorage.ACCESS_KEY),
                Map.entry("STORAGE_SECRET_KEY", S3ProxyStorage.SECRET_KEY)));
        overrides.accept(env);
        ingress = new TestIngress(redisServer, api, env);
        http = WebClient.create(vertx);
        redis = Redis.createClient(vertx, redisServer.url());
    }

    public String url(String path) {
        return ingress.baseUrl() + path;
    }

    public HttpResponse<Buffer> postTelegram(String secret, String body) throws Exception {
        var request = http.postAbs(url("/webhooks/telegram")).putHeader("Content-Type", "application/json");
        if (secret != null) {
            request.putHeader("X-Telegram-Bot-Api-Secret-Token", secret);
        }
        return request.sendBuffer(Buffer.buffer(body)).await();
    }

    public HttpResponse<Buffer> postWhatsApp(String signature, String body) throws Exception {
        var request = http.postAbs(url("/webhooks/whatsapp")).putHeader("Content-Type", "application/json");
        if (signature != null) {
            request.putHeader("X-Hub-Signature-256", signature);
        }
        return request.sendBuffer(Buffer.buffer(body)).await();
    }

    /** The texts the bot sent to a Telegram chat, in order. */
    public List<String> telegramRepliesTo(long chatId) {
        return telegram.requests("sendMessage").stream()
                .filter(r -> Long.toString(chatId).equals(r.field("chat_id")))
                .map(r -> r.field("text"))
                .toList();
    }

    /**
     * The VideoJobs, once every acknowledged webhook call has been taken in (the queues are empty), so a test sees
     * what the calls it made lead to. Without Redis there is nothing to wait for.
     */
    public List<VideoJob> videoJobs() {
        awaitWebhooksTakenIn();
        return kubernetes
                .resources(VideoJob.class)
                .inNamespace(api.namespace())
                .list()
                .getItems();
    }

    public VideoJob videoJob(String name) {
        awaitWebhooksTakenIn();
        return kubernetes
                .resources(VideoJob.class)
                .inNamespace(api.namespace())
                .withName(name)
                .get();
    }

    /** Writes status as the operator would. */
    public VideoJob setStatus(String name, Consumer<VideoJobStatus> change) {
        return api.writeStatus(name, status -> {
            if (status.getPhase() == null) {
                status.setPhase(Phase.QUEUED);
            }
            change.accept(status);
        });
    }

    public IngressServices services() {
        return ingress.running().services();
    }

    /** A status change within the same phase: one more informer event for the job. */
    public VideoJob touch(String name) {
        return setStatus(name, status -> status.setMessage("still " + status.getPhase() + " at " + System.nanoTime()));
    }

    /** Waits until both platforms' webhook queues are empty (up to 20 s); at once when Redis is down. */
    public void awaitWebhooksTakenIn() {
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    try {
                        return webhooksQueued(Platform.TELEGRAM) + webhooksQueued(Platform.WHATSAPP) == 0;
                    } catch (Exception redisDown) {
                        return true;
                    }
                });
    }

    /** Acknowledged webhook calls of the platform not taken in yet. */
    public long webhooksQueued(Platform platform) throws Exception {
        return redis.send(Request.cmd(Command.XLEN).arg(RedisKeys.webhookQueue(platform)))
                .await()
                .toLong();
    }

    /** What the ingress recorded in Redis: its keys, where the webhook queues (made at start) count by their entries. */
    public long redisKeyCount() throws Exception {
        long count = redis.send(Request.cmd(Command.DBSIZE)).await().toLong();
        for (Platform platform : List.of(Platform.TELEGRAM, Platform.WHATSAPP)) {
            if (redisKeyExists(RedisKeys.webhookQueue(platform))) {
                count += webhooksQueued(platform) - 1;
            }
        }
        return count;
    }

    public boolean redisKeyExists(String key) throws Exception {
        return redis.send(Request.cmd(Command.EXISTS).arg(key)).await().toInteger() == 1;
    }

    /** How many times Redis has run {@code command} since it started (INFO commandstats). */
    public long redisCalls(String command) throws Exception {
        String stats = redis.send(Request.cmd(Command.INFO).arg("commandstats"))
                .await()
                .toString();
        return stats.lines()
                // cmdstat_set:calls=12,usec=…,rejected_calls=0,failed_calls=0
                .filter(line -> line.startsWith("cmdstat_" + command + ":calls="))
                .map(line -> line.substring(line.indexOf('=') + 1, line.indexOf(',')))
                .mapToLong(Long::parseLong)
                .findFirst()
                .orElse(0);
    }

    /** Redis's answer ({@code null} for a nil). */
    public Response redis(Command command, String... args) throws Exception {
        Request request = Request.cmd(command);
        for (String arg : args) {
            request.arg(arg);
        }
        return redis.send(request).await();
    }

    @Override
    public void close() throws Exception {
        ingress.close();
        http.close();
        redis.close();
        telegram.close().await();
        whatsapp.close().await();
        vertx.close().await();
        storage.close();
        api.close();
    }
}
