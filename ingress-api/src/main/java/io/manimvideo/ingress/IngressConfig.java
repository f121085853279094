package io.manimvideo.ingress;

import static io.manimvideo.api.settings.SharedSettings.HTTP_PORT;
import static io.manimvideo.api.settings.SharedSettings.POD_NAMESPACE;
import static io.manimvideo.api.settings.SharedSettings.STORAGE_ACCESS_KEY;
import static io.manimvideo.api.settings.SharedSettings.STORAGE_BUCKET;
import static io.manimvideo.api.settings.SharedSettings.STORAGE_ENDPOINT;
import static io.manimvideo.api.settings.SharedSettings.STORAGE_REGION;
import static io.manimvideo.api.settings.SharedSettings.STORAGE_SECRET_KEY;
import static io.manimvideo.ingress.IngressSettings.ACCESSIBILITY_ENABLED;
import static io.manimvideo.ingress.IngressSettings.CHAT_REPLY_DEDUPE_TTL;
import static io.manimvideo.ingress.IngressSettings.DELIVERY_URL_TTL;
import static io.manimvideo.ingress.IngressSettings.DIRECT_CODE_ENABLED;
import static io.manimvideo.ingress.IngressSettings.HTTP_EVENT_LOOPS;
import static io.manimvideo.ingress.IngressSettings.HTTP_HOST;
import static io.manimvideo.ingress.IngressSettings.HTTP_IDLE_TIMEOUT;
import static io.manimvideo.ingress.IngressSettings.LINK_CODE_TTL;
import static io.manimvideo.ingress.IngressSettings.MAX_BODY_BYTES;
import static io.manimvideo.ingress.IngressSettings.MAX_IN_FLIGHT;
import static io.manimvideo.ingress.IngressSettings.NOTIFY_PHASE_GUARD_TTL;
import static io.manimvideo.ingress.IngressSettings.NOTIFY_RESYNC_INTERVAL;
import static io.manimvideo.ingress.IngressSettings.NOTIFY_SENDING_TTL;
import static io.manimvideo.ingress.IngressSettings.PUBLIC_BASE_URL;
import static io.manimvideo.ingress.IngressSettings.RATE_LIMIT_BURST;
import static io.manimvideo.ingress.IngressSettings.RATE_LIMIT_PER_HOUR;
import static io.manimvideo.ingress.IngressSettings.REDIS_COMMAND_TIMEOUT;
import static io.manimvideo.ingress.IngressSettings.REDIS_MAX_WAITING;
import static io.manimvideo.ingress.IngressSettings.REDIS_PASSWORD;
import static io.manimvideo.ingress.IngressSettings.REDIS_REPLICA_ACKS;
import static io.manimvideo.ingress.IngressSettings.REDIS_SENTINELS;
import static io.manimvideo.ingress.IngressSettings.REDIS_SENTINEL_MASTER;
import static io.manimvideo.ingress.IngressSettings.REDIS_URL;
import static io.manimvideo.ingress.IngressSettings.REQUEST_READ_TIMEOUT;
import static io.manimvideo.ingress.IngressSettings.SESSION_TTL;
import static io.manimvideo.ingress.IngressSettings.TELEGRAM_API_BASE_URL;
import static io.manimvideo.ingress.IngressSettings.TELEGRAM_BOT_TOKEN;
import static io.manimvideo.ingress.IngressSettings.TELEGRAM_BOT_USERNAME;
import static io.manimvideo.ingress.IngressSettings.TELEGRAM_MODE;
import static io.manimvideo.ingress.IngressSettings.TELEGRAM_POLL_TIMEOUT;
import static io.manimvideo.ingress.IngressSettings.TELEGRAM_PROGRESS_MESSAGE_TTL;
import static io.manimvideo.ingress.IngressSettings.TELEGRAM_WEBHOOK_SECRET;
import static io.manimvideo.ingress.IngressSettings.VIDEOJOB_NAMESPACE;
import static io.manimvideo.ingress.IngressSettings.WEBHOOK_CONCURRENCY;
import static io.manimvideo.ingress.IngressSettings.WEBHOOK_MAX_AGE;
import static io.manimvideo.ingress.IngressSettings.WEBHOOK_QUEUE_MAX;
import static io.manimvideo.ingress.IngressSettings.WEBHOOK_RETRY_AFTER;
import static io.manimvideo.ingress.IngressSettings.WHATSAPP_ACCESS_TOKEN;
import static io.manimvideo.ingress.IngressSettings.WHATSAPP_API_BASE_URL;
import static io.manimvideo.ingress.IngressSettings.WHATSAPP_API_VERSION;
import static io.manimvideo.ingress.IngressSettings.WHATSAPP_APP_SECRET;
import static io.manimvideo.ingress.IngressSettings.WHATSAPP_DISPLAY_NUMBER;
import static io.manimvideo.ingress.IngressSettings.WHATSAPP_PHONE_NUMBER_ID;
import static io.manimvideo.ingress.IngressSettings.WHATSAPP_VERIFY_TOKEN;

import io.manimvideo.api.settings.Environment;
import io.manimvideo.ingress.intake.WebhookQueueSettings;
import io.manimvideo.ingress.redis.RedisEndpoint;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ingress configuration, read once from environment variables declared in {@link IngressSettings} and
 * {@link io.manimvideo.api.settings.SharedSettings} (reference: docs/configuration.md). Secrets (tokens, app
 * secret, storage keys) are held here and never logged: {@link #toString()} names which ones are set, not
 * their values.
 */
public record IngressConfig(
        String httpHost,
        int httpPort,
        String publicBaseUrl,
        String videoJobNamespace,
        RedisEndpoint redis,
        int redisReplicaAcks,
        Duration redisCommandTimeout,
        int redisMaxWaiting,
        Optional<String> telegramBotToken,
        Optional<String> telegramWebhookSecret,
        String telegramApiBaseUrl,
        Optional<String> telegramBotUsername,
        boolean telegramPolling,
        Duration telegramPollTimeout,
        Optional<String> whatsappAccessToken,
        Optional<String> whatsappAppSecret,
        Optional<String> whatsappVerifyToken,
        Optional<String> whatsappPhoneNumberId,
        Optional<String> whatsappDisplayNumber,
        String whatsappApiBaseUrl,
        String whatsappApiVersion,
        Optional<String> storageEndpoint,
        String storageRegion,
        String storageBucket,
        Optional<String> storageAccessKey,
        Optional<String> storageSecretKey,
        Duration deliveryUrlTtl,
        Duration notifyResyncInterval,
        int rateLimitPerHour,
        int rateLimitBurst,
        boolean directCodeEnabled,
        boolean accessibilityEnabled,
        int maxBodyBytes,
        int httpInstances,
        int maxInFlight,
        Duration httpIdleTimeout,
        Duration requestReadTimeout,
        RedisLifetimes redisLifetimes,
        WebhookQueueSettings webhookQueue) {

    public static IngressConfig fromEnv() {
        return from(System.getenv());
    }

    public static IngressConfig from(Map<String, String> env) {
        Environment e = new Environment(env);
        RedisEndpoint redis = new RedisEndpoint(
                e.get(REDIS_URL),
                e.optional(REDIS_SENTINELS).map(RedisEndpoint::parseSentinels).orElse(List.of()),
                e.get(REDIS_SENTINEL_MASTER),
                e.optional(REDIS_PASSWORD));
        return new IngressConfig(
                e.get(HTTP_HOST),
                e.get(HTTP_PORT),
                e.get(PUBLIC_BASE_URL),
                e.optional(VIDEOJOB_NAMESPACE).orElseGet(() -> e.get(POD_NAMESPACE)),
                redis,
                // a Sentinel setup has replicas to wait for; a single Redis has none (WAIT would always time out)
                Math.max(0, e.optional(REDIS_REPLICA_ACKS).orElse(redis.sentinelMode() ? 1 : 0)),
                e.get(REDIS_COMMAND_TIMEOUT),
                e.get(REDIS_MAX_WAITING),
                e.optional(TELEGRAM_BOT_TOKEN),
                e.optional(TELEGRAM_WEBHOOK_SECRET),
                e.get(TELEGRAM_API_BASE_URL),
                e.optional(TELEGRAM_BOT_USERNAME),
                e.get(TELEGRAM_MODE).equals("polling"),
                e.get(TELEGRAM_POLL_TIMEOUT),
                e.optional(WHATSAPP_ACCESS_TOKEN),
                e.optional(WHATSAPP_APP_SECRET),
                e.optional(WHATSAPP_VERIFY_TOKEN),
                e.optional(WHATSAPP_PHONE_NUMBER_ID),
                e.optional(WHATSAPP_DISPLAY_NUMBER),
                e.get(WHATSAPP_API_BASE_URL),
                e.get(WHATSAPP_API_VERSION),
                e.optional(STORAGE_ENDPOINT),
                e.get(STORAGE_REGION),
                e.get(STORAGE_BUCKET),
                e.optional(STORAGE_ACCESS_KEY),
                e.optional(STORAGE_SECRET_KEY),
                e.get(DELIVERY_URL_TTL),
                e.get(NOTIFY_RESYNC_INTERVAL),
                e.get(RATE_LIMIT_PER_HOUR),
                e.get(RATE_LIMIT_BURST),
                e.get(DIRECT_CODE_ENABLED),
                e.get(ACCESSIBILITY_ENABLED),
                e.get(MAX_BODY_BYTES),
                Math.max(
                        1,
                        e.optional(HTTP_EVENT_LOOPS).orElse(Runtime.getRuntime().availableProcessors())),
                Math.max(1, e.get(MAX_IN_FLIGHT)),
                e.get(HTTP_IDLE_TIMEOUT),
                e.get(REQUEST_READ_TIMEOUT),
                new RedisLifetimes(
                        e.get(SESSION_TTL),
                        e.get(LINK_CODE_TTL),
                        e.get(CHAT_REPLY_DEDUPE_TTL),
                        e.get(TELEGRAM_PROGRESS_MESSAGE_TTL),
                        e.get(NOTIFY_PHASE_GUARD_TTL),
                        e.get(NOTIFY_SENDING_TTL)),
                new WebhookQueueSettings(
                        Math.max(1, e.get(WEBHOOK_QUEUE_MAX)),
                        Math.max(1, e.get(WEBHOOK_CONCURRENCY)),
                        e.get(WEBHOOK_RETRY_AFTER),
                        e.get(WEBHOOK_MAX_AGE)));
    }

    /** Telegram is off without a bot token. */
    public boolean telegramEnabled() {
        return telegramBotToken.isPresent();
    }

    /** WhatsApp is off without an access token. */
    public boolean whatsappEnabled() {
        return whatsappAccessToken.isPresent();
    }

    @Override
    public String toString() {
        return "IngressConfig[httpHost=" + httpHost + ", httpPort=" + httpPort + ", publicBaseUrl=" + publicBaseUrl
                + ", videoJobNamespace=" + videoJobNamespace + ", redis=" + redis + ", redisReplicaAcks="
                + redisReplicaAcks + ", redisCommandTimeout=" + redisCommandTimeout
                + ", redisMaxWaiting=" + redisMaxWaiting + ", telegram="
                + (telegramEnabled() ? (telegramPolling ? "polling" : "webhook") : "off")
                + ", whatsapp=" + (whatsappEnabled() ? "on" : "off") + ", storageEndpoint="
                + storageEndpoint.orElse("-") + ", storageBucket=" + storageBucket + ", deliveryUrlTtl="
                + deliveryUrlTtl + ", notifyResyncInterval=" + notifyResyncInterval + ", rateLimitPerHour="
                + rateLimitPerHour + ", rateLimitBurst=" + rateLimitBurst
                + ", directCodeEnabled=" + directCodeEnabled + ", accessibilityEnabled=" + accessibilityEnabled
                + ", maxBodyBytes=" + maxBodyBytes + ", httpEventLoops=" + httpInstances + ", maxInFlight="
                + maxInFlight + ", httpIdleTimeout=" + httpIdleTimeout + ", requestReadTimeout=" + requestReadTimeout
                + "]";
    }
}
