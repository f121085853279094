package io.manimvideo.ingress;

import io.manimvideo.api.settings.Setting;
import io.manimvideo.api.settings.SettingType;
import java.time.Duration;

/**
 * Every environment variable the ingress reads besides {@link io.manimvideo.api.settings.SharedSettings},
 * declared once; {@link IngressConfig} reads them and docs/configuration.md is generated from them.
 */
public final class IngressSettings {
    private IngressSettings() {}

    public static final Setting<String> HTTP_HOST =
            Setting.text("HTTP_HOST", "0.0.0.0", "address the HTTP server binds (tests and local runs: `127.0.0.1`)");
    public static final Setting<String> PUBLIC_BASE_URL = Setting.text(
            "PUBLIC_BASE_URL", "http://localhost:8080", "how people reach the service (links in chat messages)");
    public static final Setting<String> VIDEOJOB_NAMESPACE = Setting.optional(
            "VIDEOJOB_NAMESPACE",
            SettingType.TEXT,
            "the pod's namespace (`POD_NAMESPACE`)",
            "where VideoJobs are created");
    public static final Setting<String> REDIS_URL = Setting.text(
                    "REDIS_URL",
                    "redis://localhost:6379",
                    "sessions, rate limits, dedupe, notification guards (`redis://:password@host:6379` or `rediss://…`);"
                            + " not read with REDIS_SENTINELS")
            .asSecret();
    public static final Setting<String> REDIS_SENTINELS = Setting.optional(
            "REDIS_SENTINELS",
            SettingType.TEXT,
            "— (one Redis at REDIS_URL)",
            "Redis Sentinel mode: the Sentinels' `host:port`, comma-separated; the ingress asks them where the"
                    + " primary of REDIS_SENTINEL_MASTER is (keeping the answer for a second), so after a failover it"
                    + " writes to the promoted replica; REDIS_URL is not read");
    public static final Setting<String> REDIS_SENTINEL_MASTER = Setting.text(
            "REDIS_SENTINEL_MASTER",
            "mymaster",
            "the name the Sentinels monitor the primary under (`sentinel monitor`)");
    public static final Setting<String> REDIS_PASSWORD = Setting.optional(
                    "REDIS_PASSWORD",
                    SettingType.TEXT,
                    "— (the password in REDIS_URL, if any)",
                    "password for Redis and, in Sentinel mode, for the Sentinels too (`requirepass` on both)")
            .asSecret();
    public static final Setting<Integer> REDIS_REPLICA_ACKS = Setting.optional(
            "REDIS_REPLICA_ACKS",
            SettingType.INTEGER,
            "`1` with REDIS_SENTINELS, else `0`",
            "replicas that must have a submission or a new session (Redis `WAIT`, up to half of"
                    + " REDIS_COMMAND_TIMEOUT) before the person is told it was accepted; fewer in time: 503"
                    + " \"nothing was recorded, retry\", so a failover never loses an accepted message. Keep it below"
                    + " the replicas left once one is promoted");
    public static final Setting<Duration> REDIS_COMMAND_TIMEOUT = Setting.duration(
            "REDIS_COMMAND_TIMEOUT",
            "PT2S",
            "longest wait for one Redis command (and for connecting); beyond it the request gets 503 \"nothing was"
                    + " recorded\" and `/readyz` fails, so a paused Redis never holds requests");
    public static final Setting<Integer> REDIS_MAX_WAITING = Setting.integer(
            "REDIS_MAX_WAITING",
            1024,
            "requests that may wait for a Redis connection at once; more fail at once (503)");
    public static final Setting<Integer> HTTP_EVENT_LOOPS = Setting.optional(
            "HTTP_EVENT_LOOPS",
            SettingType.INTEGER,
            "the number of cores",
            "HTTP verticle instances (one event loop each) sharing the port; the notifications and each chat"
                    + " platform's receiver run on one more each, so an acknowledgement never waits behind their work");
    public static final Setting<Integer> MAX_IN_FLIGHT = Setting.integer(
            "MAX_IN_FLIGHT",
            512,
            "requests being worked on at once in the process (health, readiness, metrics and open event streams not"
                    + " counted); beyond it 503 with `Retry-After: 1`, before the body is read");
    public static final Setting<String> TELEGRAM_BOT_TOKEN = Setting.optional(
                    "TELEGRAM_BOT_TOKEN", SettingType.TEXT, "—", "Telegram is off without it")
            .asSecret();
    public static final Setting<String> TELEGRAM_WEBHOOK_SECRET = Setting.optional(
                    "TELEGRAM_WEBHOOK_SECRET",
                    SettingType.TEXT,
                    "—",
                    "`secret_token` given to `setWebhook`, checked on every webhook call (needed in" + " webhook mode)")
            .asSecret();
    public static final Setting<String> TELEGRAM_MODE = new Setting<>(
            "TELEGRAM_MODE",
            SettingType.oneOf("webhook", "polling"),
            "webhook",
            null,
            "`polling`: no webhook route; updates are"
                    + " fetched with `getUpdates` (long polling, for a laptop without a public HTTPS URL) and take the same"
                    + " path (dedupe, sessions, replies). One replica only per bot token",
            false);
    public static final Setting<Duration> TELEGRAM_POLL_TIMEOUT = Setting.duration(
            "TELEGRAM_POLL_TIMEOUT", "PT25S", "how long one `getUpdates` waits at Telegram for an update");
    public static final Setting<String> TELEGRAM_API_BASE_URL = Setting.text(
            "TELEGRAM_API_BASE_URL", "https://api.telegram.org", "Bot API; a self-hosted Bot API server works too");
    public static final Setting<String> TELEGRAM_BOT_USERNAME = Setting.optional(
            "TELEGRAM_BOT_USERNAME",
            SettingType.TEXT,
            "—",
            "for `/cmd@BotName` in groups, and shown on the page as where to send a link code"
                    + " (`@name`, `t.me` link)");
    public static final Setting<String> WHATSAPP_ACCESS_TOKEN = Setting.optional(
                    "WHATSAPP_ACCESS_TOKEN", SettingType.TEXT, "—", "WhatsApp is off without it")
            .asSecret();
    public static final Setting<String> WHATSAPP_APP_SECRET = Setting.optional(
                    "WHATSAPP_APP_SECRET", SettingType.TEXT, "—", "checks `X-Hub-Signature-256` of webhook calls")
            .asSecret();
    public static final Setting<String> WHATSAPP_VERIFY_TOKEN = Setting.optional(
                    "WHATSAPP_VERIFY_TOKEN", SettingType.TEXT, "—", "answers Meta's webhook verification")
            .asSecret();
    public static final Setting<String> WHATSAPP_PHONE_NUMBER_ID =
            Setting.optional("WHATSAPP_PHONE_NUMBER_ID", SettingType.TEXT, "—", "sender id");
    public static final Setting<String> WHATSAPP_DISPLAY_NUMBER = Setting.optional(
            "WHATSAPP_DISPLAY_NUMBER",
            SettingType.TEXT,
            "—",
            "the business number people write to (E.164), shown on the page as where to send"
                    + " a link code (`wa.me` link)");
    public static final Setting<String> WHATSAPP_API_BASE_URL =
            Setting.text("WHATSAPP_API_BASE_URL", "https://graph.facebook.com", "Cloud API");
    public static final Setting<String> WHATSAPP_API_VERSION =
            Setting.text("WHATSAPP_API_VERSION", "v21.0", "Cloud API version");
    public static final Setting<Duration> DELIVERY_URL_TTL =
            Setting.duration("DELIVERY_URL_TTL", "PT1H", "lifetime of presigned GET URLs sent to people");
    public static final Setting<Integer> RATE_LIMIT_PER_HOUR = Setting.integer(
            "RATE_LIMIT_PER_HOUR",
            10,
            "default per-session token bucket: videos per hour (overridable per platform in Redis)");
    public static final Setting<Integer> RATE_LIMIT_BURST =
            Setting.integer("RATE_LIMIT_BURST", 3, "default per-session token bucket: burst");
    public static final Setting<Boolean> DIRECT_CODE_ENABLED =
            Setting.bool("DIRECT_CODE_ENABLED", true, "default feature flag: people may send Manim code");
    public static final Setting<Boolean> ACCESSIBILITY_ENABLED =
            Setting.bool("ACCESSIBILITY_ENABLED", true, "default feature flag: accessibility wishes");
    public static final Setting<Duration> NOTIFY_RESYNC_INTERVAL = Setting.duration(
            "NOTIFY_RESYNC_INTERVAL",
            "PT60S",
            "how often each replica looks again at the VideoJobs whose last change it has not settled (a notification"
                    + " that could not be sent, a progress update held back, a transition another replica is still"
                    + " telling): that is when they are retried");
    public static final Setting<Integer> MAX_BODY_BYTES =
            Setting.integer("MAX_BODY_BYTES", 1_048_576, "larger request bodies get 413");
    public static final Setting<Duration> HTTP_IDLE_TIMEOUT = Setting.duration(
            "HTTP_IDLE_TIMEOUT",
            "PT620S",
            "a connection on which nothing is sent or received for this long is closed (idle keep-alive connections,"
                    + " stalled clients); longer than the proxies and load balancers in front keep an idle connection"
                    + " to us (ingress-nginx and AWS 60 s, Google Cloud's fixed 600 s), so they close it first and"
                    + " never send on one we are closing; open"
                    + " event streams get a comment every 15 s (or a third of this, if shorter), so they stay open");
    public static final Setting<Duration> REQUEST_READ_TIMEOUT = Setting.duration(
            "REQUEST_READ_TIMEOUT",
            "PT30S",
            "a request whose body has not all arrived this long after its headers gets 408 and its connection"
                    + " closed, so slow senders cannot hold the MAX_IN_FLIGHT places");
    public static final Setting<Duration> SESSION_TTL = Setting.duration(
            "SESSION_TTL",
            "P7D",
            "a session (its record, history and platform addresses) and the web session cookie live this long after"
                    + " the last activity; a blocked chat is remembered as long");
    public static final Setting<Duration> LINK_CODE_TTL = Setting.duration(
            "LINK_CODE_TTL", "PT10M", "a `/link` code can be redeemed this long after it was made (said in the reply)");
    public static final Setting<Duration> CHAT_REPLY_DEDUPE_TTL = Setting.duration(
            "CHAT_REPLY_DEDUPE_TTL",
            "P1D",
            "a chat message that was already answered is not answered again when the platform redelivers it within"
                    + " this long");
    public static final Setting<Duration> TELEGRAM_PROGRESS_MESSAGE_TTL = Setting.duration(
            "TELEGRAM_PROGRESS_MESSAGE_TTL",
            "P8D",
            "which Telegram message shows a job's progress is kept this long (longer than a job record lives)");
    public static final Setting<Duration> NOTIFY_PHASE_GUARD_TTL = Setting.duration(
            "NOTIFY_PHASE_GUARD_TTL",
            "P8D",
            "a phase the person was told about is remembered this long, so no replica tells it twice (longer than a"
                    + " job record lives)");
    public static final Setting<Integer> WEBHOOK_QUEUE_MAX = Setting.integer(
            "WEBHOOK_QUEUE_MAX",
            10_000,
            "acknowledged webhook calls of a chat platform waiting in Redis to be taken in, at most; beyond it the"
                    + " webhook answers 503 and the platform sends the call again later");
    public static final Setting<Integer> WEBHOOK_CONCURRENCY =
            Setting.integer("WEBHOOK_CONCURRENCY", 16, "queued webhook calls each replica takes in at once");
    public static final Setting<Duration> WEBHOOK_RETRY_AFTER = Setting.duration(
            "WEBHOOK_RETRY_AFTER",
            "PT10S",
            "a queued webhook call that could not be taken in (Redis or the API server unavailable), or whose"
                    + " replica died, is tried again this long after it was last given to a replica");
    public static final Setting<Duration> WEBHOOK_MAX_AGE = Setting.duration(
            "WEBHOOK_MAX_AGE",
            "P1D",
            "a queued webhook call still not taken in this long after it was acknowledged is given up (an error in"
                    + " the log)");
    public static final Setting<Duration> NOTIFY_SENDING_TTL = Setting.duration(
            "NOTIFY_SENDING_TTL",
            "PT30S",
            "the lease of a replica's claim to send one notification: renewed every third of it while the replica"
                    + " sends, however long that takes; if the replica dies, the claim lapses within this and another"
                    + " replica sends the notification at its next resync");
}
