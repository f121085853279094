package io.manimvideo.ingress.ratelimit;

import io.manimvideo.api.Platform;
import io.manimvideo.ingress.IngressConfig;
import io.manimvideo.ingress.redis.RedisCommands;
import io.manimvideo.ingress.redis.RedisKeys;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Response;

/**
 * Platform configuration in Redis ({@code config:platform:{platform}}, a hash without TTL): fields that
 * are set override the defaults from the service configuration, so an admin can change a platform's
 * limits or flags at run time with {@code redis-cli HSET}.
 */
public final class PlatformConfigStore {
    static final String PER_HOUR = "rate_limit_per_hour";
    static final String BURST = "rate_limit_burst";
    static final String DIRECT_CODE = "direct_code_enabled";
    static final String ACCESSIBILITY = "accessibility_enabled";

    private final RedisCommands redis;
    private final IngressConfig defaults;

    public PlatformConfigStore(RedisCommands redis, IngressConfig defaults) {
        this.redis = redis;
        this.defaults = defaults;
    }

    public Future<PlatformConfig> get(Platform platform) {
        return redis.send(Command.HGETALL, RedisKeys.platformConfig(platform))
                .map(hash -> new PlatformConfig(
                        platform,
                        intField(hash, PER_HOUR, defaults.rateLimitPerHour()),
                        intField(hash, BURST, defaults.rateLimitBurst()),
                        boolField(hash, DIRECT_CODE, defaults.directCodeEnabled()),
                        boolField(hash, ACCESSIBILITY, defaults.accessibilityEnabled())));
    }

    public Future<Void> put(PlatformConfig config) {
        return redis.send(
                        Command.HSET,
                        RedisKeys.platformConfig(config.platform()),
                        PER_HOUR,
                        config.rateLimitPerHour(),
                        BURST,
                        config.rateLimitBurst(),
                        DIRECT_CODE,
                        config.directCodeEnabled(),
                        ACCESSIBILITY,
                        config.accessibilityEnabled())
                .mapEmpty();
    }

    private static int intField(Response hash, String field, int fallback) {
        Response value = hash == null ? null : hash.get(field);
        return value == null ? fallback : Integer.parseInt(value.toString());
    }

    private static boolean boolField(Response hash, String field, boolean fallback) {
        Response value = hash == null ? null : hash.get(field);
        return value == null ? fallback : Boolean.parseBoolean(value.toString());
    }
}
