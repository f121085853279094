package io.manimvideo.ingress.intake;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.impl.types.ErrorType;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes in the webhook calls of one platform's {@link WebhookQueue}, up to a bound at once: each call's body goes
 * to the platform's {@link WebhookProcessor} (sessions, the VideoJob, the reply), and leaves the queue once that
 * succeeded. One that failed (Redis or the API server unavailable) stays, and is tried again after
 * {@code retryAfter}, by this replica or, if it died, by any other; one older than {@code maxAge} is given up with
 * an error in the log. Calls of one sender are taken in one after the other (by one replica: across replicas, a
 * platform's own order holds no more than it does for its concurrent webhook calls). New calls are read at once when this replica queued them ({@link #wake}), else within a
 * poll interval.
 */
public final class WebhookWorker extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookWorker.class);
    private static final long POLL_MILLIS = 200;

    private final WebhookQueue queue;
    private final WebhookProcessor processor;
    private final WebhookQueueSettings settings;
    private final Clock clock;
    private final String consumer = UUID.randomUUID().toString();
    private final Set<String> working = new HashSet<>();
    /** The last call of each sender being taken in here: the next one waits for it. */
    private final Map<String, Future<Void>> lastOfSender = new HashMap<>();

    private volatile Context running;
    private boolean reading;
    /** Said once per outage, not at every poll. */
    private boolean unreadable;

    private volatile long poll;
    private volatile long reclaim;

    public WebhookWorker(WebhookQueue queue, WebhookProcessor processor, WebhookQueueSettings settings, Clock clock) {
        this.queue = queue;
        this.processor = processor;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public Future<?> start() {
        running = context;
        poll = vertx.setPeriodic(POLL_MILLIS, id -> read());
        reclaim = vertx.setPeriodic(Math.max(1000, settings.retryAfter().toMillis() / 2), id -> reclaim());
        // Redis may be down at start: the group is made by the first read that finds it missing
        return queue.createGroup().onComplete(made -> read()).recover(failure -> Future.succeededFuture());
    }

    @Override
    public Future<?> stop() {
        running = null;
        vertx.cancelTimer(poll);
        vertx.cancelTimer(reclaim);
        // what is being taken in now either finishes or is taken over by another replica after retryAfter
        return Future.succeededFuture();
    }

    /** A call was queued by this replica: read it now rather than at the next poll. Any thread. */
    public void wake() {
        Context context = running;
        if (context != null) {
            context.runOnContext(v -> read());
        }
    }

    private int room() {
        return settings.concurrency() - working.size();
    }

    private void read() {
        if (running == null || reading || room() <= 0) {
            return;
        }
        reading = true;
        queue.readNew(consumer, room()).onComplete(read -> {
            reading = false;
            if (read.failed()) {
                notReadable(read.cause());
                return;
            }
            unreadable = false;
            read.result().forEach(this::takeIn);
            if (!read.result().isEmpty()) {
                read();
            }
        });
    }

    private void reclaim() {
        if (running == null || room() <= 0) {
            return;
        }
        queue.claimIdle(consumer, settings.retryAfter(), room()).onComplete(claimed -> {
            if (claimed.failed()) {
                notReadable(claimed.cause());
                return;
            }
            for (WebhookQueue.Entry entry : claimed.result()) {
                // still being taken in here (slower than retryAfter): not twice at once
                if (!working.contains(entry.id())) {
                    LOG.info("event=webhook_retried platform={} entry={}", queue.platform(), entry.id());
                    takeIn(entry);
                }
            }
        });
    }

    private void takeIn(WebhookQueue.Entry entry) {
        working.add(entry.id());
        long age = clock.millis() - entry.addedAtMillis();
        Future<Void> done;
        if (age > settings.maxAge().toMillis()) {
            LOG.error(
                    "event=webhook_given_up platform={} entry={} age_s={} reason=\"not taken in within {}\"",
                    queue.platform(),
                    entry.id(),
                    age / 1000,
                    settings.maxAge());
            done = queue.done(entry);
        } else {
            Future<Void> before = lastOfSender.getOrDefault(sender(entry), Future.succeededFuture());
            done = before.transform(ignored -> process(entry.body())).compose(v -> queue.done(entry));
            lastOfSender.put(sender(entry), done);
        }
        Future<Void> taken = done;
        done.onComplete(result -> {
            working.remove(entry.id());
            lastOfSender.remove(sender(entry), taken);
            if (result.failed()) {
                LOG.warn(
                        "event=webhook_not_taken_in platform={} entry={} retry_after={} cause=\"{}\"",
                        queue.platform(),
                        entry.id(),
                        settings.retryAfter(),
                        result.cause().toString());
            }
            read();
        });
    }

    /** A call with no known sender waits for nobody. */
    private static String sender(WebhookQueue.Entry entry) {
        return entry.sender().isEmpty() ? entry.id() : entry.sender();
    }

    private Future<Void> process(Buffer body) {
        try {
            return processor.process(body);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    private void notReadable(Throwable cause) {
        // Redis lost the stream (restarted without persistence): the group is made again
        if (cause instanceof ErrorType e
                && e.getMessage() != null
                && e.getMessage().startsWith("NOGROUP")) {
            queue.createGroup();
            return;
        }
        if (!unreadable) {
            unreadable = true;
            LOG.warn("event=webhook_queue_unreadable platform={} cause=\"{}\"", queue.platform(), cause.toString());
        }
    }
}
