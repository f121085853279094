package io.manimvideo.ingress;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The ingress configuration, read once from environment variables (docs/design-notes.md, "Ingress
 * configuration"). Secrets (tokens, app secret, storage keys) are held here and never logged: {@link
 * #toString()} names which ones are set, not their values.
 */
public record IngressConfig(
    String httpHost,
    int httpPort,
    String publicBaseUrl,
    String videoJobNamespace,
    String redisUrl,
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
    int rateLimitPerHour,
    int rateLimitBurst,
    boolean directCodeEnabled,
    boolean accessibilityEnabled,
    int maxBodyBytes,
    int httpInstances,
    int maxInFlight) {

  public static IngressConfig fromEnv() {
    return from(System.getenv());
  }

  public static IngressConfig from(Map<String, String> env) {
    Env e = new Env(env);
    return new IngressConfig(
        e.string("HTTP_HOST", "0.0.0.0"),
        e.integer("HTTP_PORT", 8080),
        e.string("PUBLIC_BASE_URL", "http://localhost:8080"),
        e.optional("VIDEOJOB_NAMESPACE").or(() -> e.optional("POD_NAMESPACE")).orElse("default"),
        e.string("REDIS_URL", "redis://localhost:6379"),
        e.duration("REDIS_COMMAND_TIMEOUT", Duration.ofSeconds(2)),
        e.integer("REDIS_MAX_WAITING", 1024),
        e.optional("TELEGRAM_BOT_TOKEN"),
        e.optional("TELEGRAM_WEBHOOK_SECRET"),
        e.string("TELEGRAM_API_BASE_URL", "https://api.telegram.org"),
        e.optional("TELEGRAM_BOT_USERNAME"),
        e.choice("TELEGRAM_MODE", "webhook", "webhook", "polling").equals("polling"),
        e.duration("TELEGRAM_POLL_TIMEOUT", Duration.ofSeconds(25)),
        e.optional("WHATSAPP_ACCESS_TOKEN"),
        e.optional("WHATSAPP_APP_SECRET"),
        e.optional("WHATSAPP_VERIFY_TOKEN"),
        e.optional("WHATSAPP_PHONE_NUMBER_ID"),
        e.optional("WHATSAPP_DISPLAY_NUMBER"),
        e.string("WHATSAPP_API_BASE_URL", "https://graph.facebook.com"),
        e.string("WHATSAPP_API_VERSION", "v21.0"),
        e.optional("STORAGE_ENDPOINT"),
        e.string("STORAGE_REGION", "auto"),
        e.string("STORAGE_BUCKET", "manim-videos"),
        e.optional("STORAGE_ACCESS_KEY"),
        e.optional("STORAGE_SECRET_KEY"),
        e.duration("DELIVERY_URL_TTL", Duration.ofHours(1)),
        e.integer("RATE_LIMIT_PER_HOUR", 10),
        e.integer("RATE_LIMIT_BURST", 3),
        e.bool("DIRECT_CODE_ENABLED", true),
        e.bool("ACCESSIBILITY_ENABLED", true),
        e.integer("MAX_BODY_BYTES", 1_048_576),
        Math.max(1, e.integer("HTTP_EVENT_LOOPS", Runtime.getRuntime().availableProcessors())),
        Math.max(1, e.integer("MAX_IN_FLIGHT", 512)));
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
        + ", videoJobNamespace=" + videoJobNamespace + ", redisCommandTimeout=" + redisCommandTimeout
        + ", redisMaxWaiting=" + redisMaxWaiting + ", telegram=" + (telegramEnabled() ? (telegramPolling ? "polling" : "webhook") : "off")
        + ", whatsapp=" + (whatsappEnabled() ? "on" : "off") + ", storageEndpoint="
        + storageEndpoint.orElse("-") + ", storageBucket=" + storageBucket + ", deliveryUrlTtl="
        + deliveryUrlTtl + ", rateLimitPerHour=" + rateLimitPerHour + ", rateLimitBurst=" + rateLimitBurst
        + ", directCodeEnabled=" + directCodeEnabled + ", accessibilityEnabled=" + accessibilityEnabled
        + ", maxBodyBytes=" + maxBodyBytes + ", httpEventLoops=" + httpInstances + ", maxInFlight=" + maxInFlight + "]";
  }

  /** Typed reads with a clear message naming the variable when a value does not parse. */
  private record Env(Map<String, String> env) {
    Optional<String> optional(String name) {
      return Optional.ofNullable(env.get(name)).map(String::trim).filter(v -> !v.isEmpty());
    }

    String string(String name, String fallback) {
      return optional(name).orElse(fallback);
    }

    String choice(String name, String fallback, String... allowed) {
      String value = string(name, fallback);
      return parse(name, value, v -> {
        if (!java.util.Arrays.asList(allowed).contains(v)) {
          throw new IllegalArgumentException("expected one of " + String.join(", ", allowed));
        }
        return v;
      });
    }

    int integer(String name, int fallback) {
      return optional(name).map(v -> parse(name, v, Integer::parseInt)).orElse(fallback);
    }

    boolean bool(String name, boolean fallback) {
      return optional(name).map(v -> parse(name, v, s -> {
        if (!s.equalsIgnoreCase("true") && !s.equalsIgnoreCase("false")) {
          throw new IllegalArgumentException("expected true or false");
        }
        return Boolean.parseBoolean(s);
      })).orElse(fallback);
    }

    Duration duration(String name, Duration fallback) {
      return optional(name).map(v -> parse(name, v, Duration::parse)).orElse(fallback);
    }

    private static <T> T parse(String name, String value, java.util.function.Function<String, T> parser) {
      try {
        return parser.apply(value);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("environment variable " + name + " has an invalid value: " + e.getMessage(), e);
      }
    }
  }
}
