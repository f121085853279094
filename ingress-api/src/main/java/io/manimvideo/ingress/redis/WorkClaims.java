package io.manimvideo.ingress.redis;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work that one replica at a time does (telling a person a job's news), claimed in Redis as a lease that the holder
 * renews every third of it while the work runs: slow work (a video upload, retries after 429, a platform that does not
 * answer) keeps its claim however long it takes, and a replica that dies mid-work loses it within one lease, so
 * another takes the work over then rather than after the longest work could take. One instance per replica: its
 * holder name is what the key holds while it works.
 */
public final class WorkClaims {
    private static final Logger LOG = LoggerFactory.getLogger(WorkClaims.class);
    private static final LuaScript CLAIM = LuaScript.load("claim.lua");
    private static final LuaScript RENEW = LuaScript.load("claim_renew.lua");
    private static final LuaScript RELEASE = LuaScript.load("claim_release.lua");

    private final Vertx vertx;
    private final RedisCommands redis;
    private final Duration lease;
    private final String holder;

    public WorkClaims(Vertx vertx, RedisCommands redis, Duration lease, String holder) {
        this.vertx = vertx;
        this.redis = redis;
        this.lease = lease;
        this.holder = holder;
    }

    /** What {@link #claim} found. */
    public enum Claim {
        /** Claimed now: do the work {@link #whileHeld}, then {@link #done} (or {@link #release} when it failed). */
        TAKEN,
        /** Another holder is at it; should it die, its lease lapses and asking again later may take the work. */
        WORKING,
        /** Done already. */
        DONE
    }

    public Future<Claim> claim(String scope, String id) {
        return redis.eval(CLAIM, List.of(RedisKeys.dedupe(scope, id)), List.of(millis(lease), holder))
                .map(response -> {
                    String held = response.toString();
                    if (held.equals("taken")) {
                        return Claim.TAKEN;
                    }
                    // "working" alone: a claim made before leases had holders
                    return held.startsWith("working") ? Claim.WORKING : Claim.DONE;
                });
    }

    /** Runs the work of a {@link Claim#TAKEN taken} claim, renewing the lease until the work's Future completes. */
    public <T> Future<T> whileHeld(String scope, String id, Supplier<Future<T>> work) {
        String key = RedisKeys.dedupe(scope, id);
        Future<T> running;
        try {
            running = work.get();
        } catch (RuntimeException e) {
            running = Future.failedFuture(e);
        }
        Future<T> held = running;
        long renewal = vertx.setPeriodic(
                Math.max(1, lease.toMillis() / 3),
                tick -> redis.eval(RENEW, List.of(key), List.of(millis(lease), holder))
                        .onComplete(renewed -> {
                            // a renewal answered after the work ended (and was marked done) says nothing
                            if (!held.isComplete()
                                    && (renewed.failed() || renewed.result().toInteger() != 1)) {
                                // the work goes on; if another replica takes it over meantime, the person may hear it
                                // twice
                                LOG.warn(
                                        "event=work_claim_not_renewed key={} cause=\"{}\"",
                                        key,
                                        renewed.failed() ? renewed.cause().toString() : "no longer held");
                            }
                        }));
        return running.andThen(x -> vertx.cancelTimer(renewal));
    }

    /** Marks the work done, remembered for {@code remembered}: no holder claims it again meanwhile. */
    public Future<Void> done(String scope, String id, Duration remembered) {
        return redis.send(Command.SET, RedisKeys.dedupe(scope, id), "done", "PX", millis(remembered))
                .mapEmpty();
    }

    /** Gives the claim back so the next offer does the work again (unless another holder has taken it meanwhile). */
    public Future<Void> release(String scope, String id) {
        return redis.eval(RELEASE, List.of(RedisKeys.dedupe(scope, id)), List.of(holder))
                .mapEmpty();
    }

    /** PX wants at least 1. */
    private static long millis(Duration ttl) {
        return Math.max(1, ttl.toMillis());
    }
}
