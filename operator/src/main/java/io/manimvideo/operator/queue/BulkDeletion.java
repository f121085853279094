package io.manimvideo.operator.queue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Whether VideoJobs that still had work ahead of them are being deleted in bulk right now, as when an admin runs
 * {@code kubectl delete vj --all}: at least {@link #AT_ONCE} of them were marked for deletion within the last
 * {@link #WINDOW}.
 *
 * <p>The API server marks the VideoJobs of a delete-collection one after another (seconds to minutes for thousands),
 * so while it runs the operator cannot tell which of the jobs still waiting are next. A render slot freed by a deleted
 * render would go to the next in line, itself marked a moment later: a render Job, its pod, a status write and an
 * Event made only to be stopped again, competing with the deletion itself. And the jobs waiting in line would rewrite
 * a position that only moved because the jobs ahead of them are going. So while a bulk deletion runs the line stands
 * still: {@link RenderQueue#admit} hands out no slot and the waiting jobs keep the position they have. It moves again
 * once fewer than {@link #AT_ONCE} such marks fall within the last {@link #WINDOW}.
 *
 * <p>Finished VideoJobs (Ready, Failed, Expired, Delivered) do not count: the operator's own TTLs delete those one by
 * one all day, and they hold no slot. A user cancelling a job now and then does not make a bulk deletion either.
 */
public final class BulkDeletion {
    /** Unfinished VideoJobs marked within the window that make a bulk deletion (fewer: single cancellations). */
    static final int AT_ONCE = 5;
    /**
     * The API server's pace, not the operator's settings: even on a machine so loaded that a delete-collection of
     * 2,000 took 5 minutes (and was retried after the server's 60 s timeout, which lists them all again) it marked
     * several a second.
     */
    static final Duration WINDOW = Duration.ofSeconds(5);

    private final Clock clock;
    private final Duration window;
    /** When the last {@link #AT_ONCE} unfinished VideoJobs were marked, oldest first. */
    private final Deque<Instant> marks = new ArrayDeque<>();

    /** @param clock real time (the API server's pace), whatever clock the job lifetimes use */
    public BulkDeletion(Clock clock) {
        this(clock, WINDOW);
    }

    private BulkDeletion(Clock clock, Duration window) {
        this.clock = clock;
        this.window = window;
    }

    /** No VideoJob is ever taken for part of a bulk deletion (tests of the line alone). */
    public static BulkDeletion never() {
        return new BulkDeletion(Clock.systemUTC(), Duration.ZERO);
    }

    /** An unfinished VideoJob has just been marked for deletion. */
    public synchronized void marked() {
        marks.addLast(clock.instant());
        while (marks.size() > AT_ONCE) {
            marks.removeFirst();
        }
    }

    /** {@link #AT_ONCE} unfinished VideoJobs were marked within the last {@code window}. */
    public synchronized boolean underWay() {
        return marks.size() == AT_ONCE && marks.peekFirst().plus(window).isAfter(clock.instant());
    }
}
