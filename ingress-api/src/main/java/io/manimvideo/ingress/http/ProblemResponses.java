package io.manimvideo.ingress.http;

import io.manimvideo.ingress.jobs.InvalidSubmissionException;
import io.manimvideo.ingress.ratelimit.RateLimitedException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that writes errors: every non-success answer of the service is RFC 9457
 * {@code application/problem+json}. It maps the exceptions that reach the router (validation, body
 * limits, our own {@link ApiProblem}s, unreachable dependencies) to a status and a detail that is safe
 * to show; anything unexpected is a 500 without internals, logged here.
 */
public final class ProblemResponses implements Handler<RoutingContext> {
    public static final String CONTENT_TYPE = "application/problem+json";
    private static final Logger LOG = LoggerFactory.getLogger(ProblemResponses.class);

    @Override
    public void handle(RoutingContext ctx) {
        if (ctx.response().headWritten()) {
            // an SSE stream or a half-written answer: nothing can be added, only closed
            ctx.response().reset();
            return;
        }
        send(ctx, toProblem(ctx.failure(), ctx.statusCode()));
    }

    /** Ends the request with the problem. */
    public static void send(RoutingContext ctx, ApiProblem problem) {
        send(ctx.response(), ctx.request().path(), problem);
    }

    /**
     * Answers with the problem and {@code Connection: close}, then closes the connection: for a request whose
     * connection cannot carry another (unreadable, or its body still arriving). A client not told so would keep
     * the connection and lose the next request it sends on it.
     */
    static void sendAndClose(HttpServerRequest request, String instance, ApiProblem problem) {
        send(request.response().putHeader("Connection", "close"), instance, problem)
                .onComplete(written -> request.connection().close());
    }

    /** Ends the response with the problem; {@code instance} is the path it answers, or null if unknown. */
    private static Future<Void> send(HttpServerResponse response, String instance, ApiProblem problem) {
        problem.headers().forEach(response::putHeader);
        JsonObject body = new JsonObject()
                .put("type", "about:blank")
                .put("title", problem.title())
                .put("status", problem.status());
        if (instance != null) {
            body.put("instance", instance);
        }
        if (problem.detail() != null) {
            body.put("detail", problem.detail());
        }
        if (!problem.errors().isEmpty()) {
            JsonArray errors = new JsonArray();
            problem.errors()
                    .forEach(e -> errors.add(
                            new JsonObject().put("pointer", e.pointer()).put("message", e.message())));
            body.put("errors", errors);
        }
        return response.setStatusCode(problem.status())
                .putHeader("Content-Type", CONTENT_TYPE)
                .putHeader("Cache-Control", "no-store")
                .end(body.encode());
    }

    /** Maps what failed a request to the answer; public so webhook handlers can reuse the mapping. */
    public static ApiProblem toProblem(Throwable failure, int statusCode) {
        Throwable cause = unwrap(failure);
        if (cause instanceof ApiProblem problem) {
            return problem;
        }
        if (cause instanceof InvalidSubmissionException invalid) {
            return ApiProblem.unprocessable(
                    invalid.getMessage(),
                    invalid.errors().stream()
                            .map(e -> new ApiProblem.FieldError(e.pointer(), e.message()))
                            .toList());
        }
        if (cause instanceof RateLimitedException limited) {
            return ApiProblem.tooManyRequests(limited.retryAfterSeconds());
        }
        if (cause instanceof DependencyUnavailableException down) {
            LOG.warn(
                    "event=dependency_unavailable dependency={} cause=\"{}\"",
                    down.dependency(),
                    String.valueOf(down.getCause()));
            return ApiProblem.unavailable("A service this request needs (" + down.dependency()
                    + ") is unreachable. Nothing was recorded; please retry.");
        }
        if (cause instanceof DecodeException) {
            return ApiProblem.badRequest("The body is not well-formed JSON.");
        }
        if (cause instanceof HttpException http) {
            return fromStatus(http.getStatusCode());
        }
        if (cause == null && statusCode > 0) {
            return fromStatus(statusCode);
        }
        LOG.error("event=unhandled_failure", cause);
        return new ApiProblem(
                500, "Internal error", "Something went wrong on our side; nothing you sent was at fault.");
    }

    private static ApiProblem fromStatus(int status) {
        return switch (status) {
            case 400 -> ApiProblem.badRequest("The request is malformed.");
            case 404 -> ApiProblem.notFound("There is nothing at this address.");
            case 405 -> new ApiProblem(405, "Method not allowed", "This address does not accept that method.");
            case 413 -> new ApiProblem(413, "Payload too large", "The body is larger than this service accepts.");
            case 415 -> new ApiProblem(415, "Unsupported media type", "Send the body as application/json.");
            default ->
                status >= 400 && status < 500
                        ? new ApiProblem(status, "Request not accepted", null)
                        : new ApiProblem(
                                500,
                                "Internal error",
                                "Something went wrong on our side; nothing you sent was at fault.");
        };
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while (t != null
                && t.getCause() != null
                && t.getCause() != t
                && (t instanceof java.util.concurrent.CompletionException || t.getClass() == RuntimeException.class)) {
            t = t.getCause();
        }
        return t;
    }
}
