package io.manimvideo.ingress.http;

import io.manimvideo.api.texts.Language;
import io.manimvideo.api.texts.Text;
import io.manimvideo.api.texts.TextCatalog;
import io.manimvideo.api.texts.Texts;
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
 * to show; anything unexpected is a 500 without internals, logged here. Title, detail and field messages are
 * said in the caller's language ({@link RequestLanguage}).
 */
public final class ProblemResponses implements Handler<RoutingContext> {
    public static final String CONTENT_TYPE = "application/problem+json";
    private static final Logger LOG = LoggerFactory.getLogger(ProblemResponses.class);
    private static final Text INTERNAL = Text.of("problem.internal");

    private final TextCatalog catalog;

    public ProblemResponses(TextCatalog catalog) {
        this.catalog = catalog;
    }

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
    public void send(RoutingContext ctx, ApiProblem problem) {
        send(ctx.response(), ctx.request().path(), problem, RequestLanguage.of(ctx));
    }

    /**
     * Answers with the problem and {@code Connection: close}, then closes the connection: for a request whose
     * connection cannot carry another (unreadable, or its body still arriving). A client not told so would keep
     * the connection and lose the next request it sends on it.
     */
    void sendAndClose(HttpServerRequest request, String instance, ApiProblem problem) {
        send(request.response().putHeader("Connection", "close"), instance, problem, RequestLanguage.of(request))
                .onComplete(written -> request.connection().close());
    }

    /** Ends the response with the problem; {@code instance} is the path it answers, or null if unknown. */
    private Future<Void> send(HttpServerResponse response, String instance, ApiProblem problem, Language language) {
        Texts texts = catalog.in(language);
        problem.headers().forEach(response::putHeader);
        JsonObject body = new JsonObject()
                .put("type", "about:blank")
                .put("title", texts.say(problem.titleKey()))
                .put("status", problem.status());
        if (instance != null) {
            body.put("instance", instance);
        }
        if (problem.detail() != null) {
            body.put("detail", texts.say(problem.detail()));
        } else if (!problem.errors().isEmpty()) {
            body.put(
                    "detail",
                    problem.errors().stream()
                            .map(e -> texts.say(e.message()))
                            .collect(java.util.stream.Collectors.joining(" ")));
        }
        if (!problem.errors().isEmpty()) {
            JsonArray errors = new JsonArray();
            problem.errors()
                    .forEach(e -> errors.add(
                            new JsonObject().put("pointer", e.pointer()).put("message", texts.say(e.message()))));
            body.put("errors", errors);
        }
        return response.setStatusCode(problem.status())
                .putHeader("Content-Type", CONTENT_TYPE)
                .putHeader("Content-Language", language.tag())
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
                    // no detail of its own: the rules broken are the detail (see send)
                    null,
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
            return ApiProblem.unavailable(Text.of("problem.dependencyUnavailable", "name", down.dependency()));
        }
        if (cause instanceof DecodeException) {
            return ApiProblem.badRequest(Text.of("problem.notJson"));
        }
        if (cause instanceof HttpException http) {
            return fromStatus(http.getStatusCode());
        }
        if (cause == null && statusCode > 0) {
            return fromStatus(statusCode);
        }
        LOG.error("event=unhandled_failure", cause);
        return new ApiProblem(500, INTERNAL);
    }

    private static ApiProblem fromStatus(int status) {
        return switch (status) {
            case 400 -> ApiProblem.badRequest(Text.of("problem.malformed"));
            case 404 -> ApiProblem.notFound(Text.of("problem.nothingHere"));
            case 405 -> new ApiProblem(405, Text.of("problem.methodNotAllowed"));
            case 413 -> new ApiProblem(413, Text.of("problem.tooLarge"));
            case 415 -> new ApiProblem(415, Text.of("problem.sendJson"));
            default -> status >= 400 && status < 500 ? new ApiProblem(status, null) : new ApiProblem(500, INTERNAL);
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
