package io.manimvideo.ingress.http;

import io.manimvideo.api.texts.Text;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the requests being worked on across every event loop of the process: beyond {@code max} the
 * answer is at once 503 with Retry-After ("nothing was recorded; retry"), before the body is read, so a
 * burst cannot pile up unbounded work and memory. A request counts until its response head is written (an
 * event stream stops counting once it is open). Health, readiness and metrics are never refused.
 */
// a platform handler: Vert.x Web runs it before the body handler, which is the point
public final class InFlightLimit implements PlatformHandler {
    private static final Set<String> EXEMPT = Set.of("/healthz", "/readyz", "/metrics");
    private static final String RETRY_AFTER_SECONDS = "1";

    private final AtomicInteger inFlight = new AtomicInteger();
    private final int max;
    private final ProblemResponses problems;

    public InFlightLimit(int max, ProblemResponses problems) {
        this.max = max;
        this.problems = problems;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (EXEMPT.contains(ctx.request().path())) {
            ctx.next();
            return;
        }
        if (inFlight.incrementAndGet() > max) {
            inFlight.decrementAndGet();
            problems.send(
                    ctx,
                    new ApiProblem(
                            503,
                            Text.of("problem.busy"),
                            java.util.List.of(),
                            java.util.Map.of("Retry-After", RETRY_AFTER_SECONDS)));
            return;
        }
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                inFlight.decrementAndGet();
            }
        };
        ctx.addHeadersEndHandler(v -> release.run());
        ctx.addEndHandler(v -> release.run());
        ctx.next();
    }

    /** Requests being worked on now. */
    public int inFlight() {
        return inFlight.get();
    }
}
