package io.manimvideo.ingress.http;

import io.manimvideo.api.texts.Text;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.time.Duration;

/**
 * Gives a request's body a deadline: one that has not all arrived {@code timeout} after its headers gets 408
 * problem+json and its connection closed. A request counts against {@link InFlightLimit} while its body is read,
 * and the idle timeout does not end a body that trickles in a byte at a time, so without a deadline a few hundred
 * slow senders could hold every place and have every other request refused.
 */
// a platform handler, so it runs before the body handler starts reading
public final class RequestReadDeadline implements PlatformHandler {
    private final long timeoutMillis;
    private final ApiProblem tooSlow;
    private final ProblemResponses problems;

    public RequestReadDeadline(Duration timeout, ProblemResponses problems) {
        this.timeoutMillis = timeout.toMillis();
        this.problems = problems;
        this.tooSlow = new ApiProblem(408, Text.of("problem.bodyTooSlow", "seconds", timeout.toSeconds()));
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (!request.isEnded()) {
            Vertx vertx = ctx.vertx();
            long timer = vertx.setTimer(timeoutMillis, id -> {
                if (!request.isEnded() && !ctx.response().headWritten()) {
                    problems.sendAndClose(request, request.path(), tooSlow);
                }
            });
            ctx.addEndHandler(v -> vertx.cancelTimer(timer));
        }
        ctx.next();
    }
}
