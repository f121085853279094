package io.manimvideo.ingress.notify;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.Supplier;

/**
 * At most {@code max} pieces of asynchronous work at once; the rest wait their turn, in order. A resync (or the
 * informer's first list) hands every unsettled VideoJob of the namespace to the dispatcher at the same moment: unbounded, those thousands of Redis
 * commands filled the shared Redis pool's wait queue, and webhook requests arriving then got 503 "Redis is
 * unreachable" while Redis was up. Not thread-safe: used on one Vert.x context.
 */
final class BoundedWork {
    private final int max;
    private final Queue<Runnable> waiting = new ArrayDeque<>();
    private int running;

    BoundedWork(int max) {
        this.max = max;
    }

    /** Runs {@code work} now or once a running piece ends; completes as it does. */
    <T> Future<T> submit(Supplier<Future<T>> work) {
        Promise<T> done = Promise.promise();
        Runnable start = () -> {
            running++;
            Future<T> started;
            try {
                started = work.get();
            } catch (RuntimeException e) {
                started = Future.failedFuture(e);
            }
            started.onComplete(result -> {
                running--;
                Runnable next = waiting.poll();
                if (next != null) {
                    next.run();
                }
                done.handle(result);
            });
        };
        if (running < max) {
            start.run();
        } else {
            waiting.add(start);
        }
        return done.future();
    }
}
