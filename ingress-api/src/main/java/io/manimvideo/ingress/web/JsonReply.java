package io.manimvideo.ingress.web;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** A JSON body with its status code, as every web API operation answers. */
final class JsonReply {
    private JsonReply() {}

    static Void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(body.encode());
        return null;
    }
}
