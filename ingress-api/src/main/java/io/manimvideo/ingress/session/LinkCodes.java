package io.manimvideo.ingress.session;

import io.manimvideo.api.Platform;
import io.manimvideo.ingress.redis.RedisCommands;
import io.manimvideo.ingress.redis.RedisKeys;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Linking platforms: a short code shown on one platform (web page, Telegram, WhatsApp) and redeemed on
 * another makes the redeeming address part of the code's session, so one UserSession spans several
 * platforms. Codes are single-use and live {@link #ttl()} (LINK_CODE_TTL).
 */
public final class LinkCodes {
    /** No 0/O, 1/I/L: the code is read off one screen and typed on another. */
    private static final String ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    private static final int LENGTH = 8;

    /** A code and when it stops working. */
    public record LinkCode(String code, Instant expiresAt) {}

    private final RedisCommands redis;
    private final SessionStore sessions;
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final Duration ttl;

    public LinkCodes(RedisCommands redis, SessionStore sessions, Clock clock, Duration ttl) {
        this.redis = redis;
        this.sessions = sessions;
        this.clock = clock;
        this.ttl = ttl;
    }

    /** How long a code can be redeemed after it was made. */
    public Duration ttl() {
        return ttl;
    }

    public Future<LinkCode> create(String sessionId) {
        String code = newCode();
        Instant expiresAt = Instant.now(clock).plus(ttl);
        return redis.send(Command.SET, RedisKeys.linkCode(code), sessionId, "NX", "EX", ttl.toSeconds())
                .compose(ok -> ok == null ? create(sessionId) : Future.succeededFuture(new LinkCode(code, expiresAt)));
    }

    /** Redeems a code (case-insensitive) for an address; empty when the code is unknown, used or expired. */
    public Future<Optional<UserSession>> redeem(String code, Platform platform, String address) {
        return redis.send(Command.GETDEL, RedisKeys.linkCode(code.trim().toUpperCase(java.util.Locale.ROOT)))
                .compose(sessionId -> sessionId == null
                        ? Future.succeededFuture(Optional.empty())
                        : sessions.attach(sessionId.toString(), platform, address)
                                .map(Optional::of));
    }

    private String newCode() {
        StringBuilder code = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }
}
