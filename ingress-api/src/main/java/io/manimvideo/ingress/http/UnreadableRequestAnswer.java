package io.manimvideo.ingress.http;

import io.manimvideo.api.texts.Text;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

/**
 * Answers a request the HTTP decoder could not read (a request line or headers over the server's limits,
 * or not HTTP at all) with problem+json, and closes the connection. Vert.x's own answer is a bare status
 * without {@code Connection: close}, and the JDK client then keeps the connection in its pool and loses
 * the next request it sends on it (it does not retry a POST).
 */
public final class UnreadableRequestAnswer implements Handler<HttpServerRequest> {
    private final int maxRequestLine;
    private final int maxHeaderBytes;
    private final ProblemResponses problems;

    /** Takes the limits from the options the server runs with, so the answer names the real ones. */
    public UnreadableRequestAnswer(HttpServerOptions options, ProblemResponses problems) {
        this.problems = problems;
        this.maxRequestLine = options.getMaxInitialLineLength();
        this.maxHeaderBytes = options.getMaxHeaderSize();
    }

    @Override
    public void handle(HttpServerRequest request) {
        // no instance: for a line it could not read, Netty puts a placeholder path in the request
        problems.sendAndClose(request, null, problemFor(request.decoderResult().cause()));
    }

    private ApiProblem problemFor(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return new ApiProblem(414, Text.of("problem.lineTooLong", "limit", maxRequestLine));
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return new ApiProblem(431, Text.of("problem.headersTooLarge", "limit", maxHeaderBytes));
        }
        return ApiProblem.badRequest(Text.of("problem.notHttp"));
    }
}
