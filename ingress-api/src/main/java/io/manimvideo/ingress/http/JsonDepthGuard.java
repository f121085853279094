package io.manimvideo.ingress.http;

import io.manimvideo.api.texts.Text;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * Rejects JSON bodies nested deeper than any of our contracts needs before a parser sees them, so a
 * body of a hundred thousand brackets costs one linear scan and a 400 instead of parser stack.
 */
public final class JsonDepthGuard implements Handler<RoutingContext> {
    private final int maxDepth;

    public JsonDepthGuard(int maxDepth) {
        this.maxDepth = maxDepth;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Buffer body = ctx.body() == null ? null : ctx.body().buffer();
        if (body != null && depth(body) > maxDepth) {
            ctx.fail(ApiProblem.badRequest(Text.of("problem.tooDeep", "levels", maxDepth)));
            return;
        }
        ctx.next();
    }

    /** Deepest nesting of objects and arrays, ignoring brackets inside strings. */
    static int depth(Buffer body) {
        int depth = 0;
        int deepest = 0;
        boolean inString = false;
        int length = body.length();
        for (int i = 0; i < length; i++) {
            byte b = body.getByte(i);
            if (inString) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[') {
                deepest = Math.max(deepest, ++depth);
            } else if (b == '}' || b == ']') {
                depth--;
            }
        }
        return deepest;
    }
}
