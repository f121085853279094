package io.manimvideo.codegen;

import java.time.Duration;

/**
 * How often a request answered 429 or 5xx (or not answered at all) is tried again.
 *
 * @param maxRetries retries after the first try
 * @param firstBackoff wait before the first retry when the server gives no Retry-After; doubles each retry
 * @param maxWait longest wait accepted; a server asking for more is given up on (the next provider is tried)
 */
public record RetryPolicy(int maxRetries, Duration firstBackoff, Duration maxWait) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(2, Duration.ofSeconds(1), Duration.ofSeconds(20));

    /** The wait before retry number {@code retry} (1-based) when the server did not say. */
    public Duration backoff(int retry) {
        Duration wait = firstBackoff.multipliedBy(1L << Math.min(retry - 1, 20));
        return wait.compareTo(maxWait) > 0 ? maxWait : wait;
    }
}
