package io.manimvideo.ingress.http;

import io.manimvideo.api.texts.Text;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.InputTrustHandler;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the service's router from the merged contract: the in-flight limit, the body's deadline, a body
 * handler capped at MAX_BODY_BYTES (413 beyond), the JSON depth guard, contract validation of every
 * operation, the handlers each part registered by operationId, and problem+json for every failure.
 * Operations no part serves (a platform that is switched off) answer 404 problem+json.
 */
public final class ApiRouter {
    /** Deepest JSON nesting accepted; the deepest contract (WhatsApp notifications) needs 8. */
    public static final int MAX_JSON_DEPTH = 32;

    private ApiRouter() {}

    public static Router create(
            Vertx vertx,
            OpenAPIContract contract,
            int maxBodyBytes,
            InFlightLimit limit,
            RequestReadDeadline readDeadline,
            ContractValidator validator,
            ProblemResponses problems,
            List<OperationHandlers> parts) {
        Map<String, Handler<RoutingContext>> handlers = new HashMap<>();
        for (OperationHandlers part : parts) {
            part.handlers().forEach((operationId, handler) -> {
                if (handlers.putIfAbsent(operationId, handler) != null) {
                    throw new IllegalStateException("operation " + operationId + " is served twice");
                }
            });
        }
        RouterBuilder builder = RouterBuilder.create(vertx, contract);
        // refused before the body is read when the process is saturated
        builder.rootHandler(limit);
        builder.rootHandler(readDeadline);
        builder.rootHandler(BodyHandler.create(false).setBodyLimit(maxBodyBytes));
        builder.rootHandler(new JsonDepthGuard(MAX_JSON_DEPTH));
        for (OpenAPIRoute route : builder.getRoutes()) {
            String operationId = route.getOperation().getOperationId();
            Handler<RoutingContext> handler = handlers.remove(operationId);
            // authentication is done by the handlers (session tokens, webhook secrets and signatures)
            route.setDoSecurity(false);
            // validated here, against schemas compiled once (see ContractValidator), not by the builder
            route.setDoValidation(false);
            route.addHandler((InputTrustHandler) ctx -> {
                validator.check(operationId, ctx);
                ctx.next();
            });
            route.addHandler(
                    handler != null ? handler : ctx -> ctx.fail(ApiProblem.notFound(Text.of("problem.notEnabled"))));
            route.addFailureHandler(problems);
        }
        if (!handlers.isEmpty()) {
            throw new IllegalStateException(
                    "handlers for operations the contract does not define: " + handlers.keySet());
        }
        Router router = builder.createRouter();
        router.route().failureHandler(problems);
        return router;
    }
}
