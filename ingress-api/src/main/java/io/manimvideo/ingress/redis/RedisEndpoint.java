package io.manimvideo.ingress.redis;

import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisRole;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Where Redis is: one server ({@code url}), or the primary that Redis Sentinel names ({@code sentinels}, each
 * {@code host:port}, monitoring it as {@code masterName}), with the password for all of them. Holds a credential:
 * {@link #toString()} names where, never the password.
 */
public record RedisEndpoint(String url, List<String> sentinels, String masterName, Optional<String> password) {

    public RedisEndpoint {
        sentinels = List.copyOf(sentinels);
    }

    /** {@code host:port,host:port} as REDIS_SENTINELS has it; blank parts are skipped. */
    public static List<String> parseSentinels(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    public boolean sentinelMode() {
        return !sentinels.isEmpty();
    }

    /**
     * The client's options for this endpoint. In Sentinel mode vertx-redis-client's own SENTINEL client asks a
     * Sentinel for the primary (role MASTER: every command here may write) and caches that answer for a second, so
     * the connections it lends after a failover go to the new primary. Its auto-failover (a subscription that
     * re-points connections held open) is left off: every command here borrows a pooled connection and gives it
     * back, and the event relay's subscriber connects anew when its connection drops.
     */
    public RedisOptions options() {
        RedisOptions options = new RedisOptions();
        if (sentinelMode()) {
            options.setType(RedisClientType.SENTINEL).setMasterName(masterName).setRole(RedisRole.MASTER);
            sentinels.forEach(hostPort -> options.addConnectionString("redis://" + hostPort));
        } else {
            options.setConnectionString(url);
        }
        // without a password in the URL, the client uses this one for every node it connects to (Sentinels too)
        password.ifPresent(options::setPassword);
        return options;
    }

    @Override
    public String toString() {
        return sentinelMode() ? "sentinel(" + String.join(",", sentinels) + ", master=" + masterName + ")" : "single";
    }
}
