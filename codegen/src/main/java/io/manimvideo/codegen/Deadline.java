package io.manimvideo.codegen;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** The point in time by which the codegen run must stop asking providers, so it can still store a result. */
public final class Deadline {
    private final Clock clock;
    private final Instant end;

    private Deadline(Clock clock, Instant end) {
        this.clock = clock;
        this.end = end;
    }

    public static Deadline after(Duration budget, Clock clock) {
        return new Deadline(clock, clock.instant().plus(budget));
    }

    public Duration remaining() {
        Duration left = Duration.between(clock.instant(), end);
        return left.isNegative() ? Duration.ZERO : left;
    }

    public boolean passed() {
        return remaining().isZero();
    }

    /** The shorter of {@code limit} and the time left, at least a millisecond (HttpRequest rejects zero). */
    public Duration cap(Duration limit) {
        Duration left = remaining();
        Duration capped = left.compareTo(limit) < 0 ? left : limit;
        return capped.isZero() ? Duration.ofMillis(1) : capped;
    }
}
