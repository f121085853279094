package io.manimvideo.ingress.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * A part of the service that serves some operations of the contract (web API, Telegram webhook, WhatsApp
 * webhook). Keys are operationIds from {@code contracts/}; the request reaching the handler has already
 * been validated against the contract. The raw body (for signatures) is {@code ctx.body().buffer()}; the
 * parsed body is {@link ContractValidator#body}.
 */
public interface OperationHandlers {
    Map<String, Handler<RoutingContext>> handlers();
}
