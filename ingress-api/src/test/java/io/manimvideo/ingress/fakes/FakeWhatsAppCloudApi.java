package io.manimvideo.ingress.fakes;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A WhatsApp Cloud API server for tests: {@code POST /{version}/{phone-number-id}/messages} with a Bearer
 * token, answering as Graph API does (contacts + messages with a wamid, or an {@code error} object),
 * recording every accepted request. Errors can be queued ({@link #failNext}).
 */
public final class FakeWhatsAppCloudApi extends FakeHttpApi<FakeWhatsAppCloudApi> {
    public record Request(String version, String phoneNumberId, JsonObject body) {
        public String type() {
            return body.getString("type");
        }

        public String to() {
            return body.getString("to");
        }
    }

    private record Failure(int httpStatus, int code, String message, String details) {}

    private final String accessToken;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Deque<Failure> failures = new ArrayDeque<>();

    public FakeWhatsAppCloudApi(String accessToken) {
        this.accessToken = accessToken;
    }

    @Override
    protected void routes(Router router) {
        router.post().handler(BodyHandler.create());
        router.post("/:version/:phoneNumberId/messages").handler(this::handle);
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public synchronized void failNext(int times, int httpStatus, int code, String message, String details) {
        for (int i = 0; i < times; i++) {
            failures.add(new Failure(httpStatus, code, message, details));
        }
    }

    /** 131047: the person has not written for more than 24 hours. */
    public void outsideCustomerServiceWindow() {
        failNext(
                1,
                400,
                131047,
                "(#131047) Re-engagement message",
                "Message failed to send because more than 24 hours have passed since the customer last replied to this number.");
    }

    /** 131056: too many messages to the same person. */
    public void pairRateLimited() {
        failNext(
                1,
                400,
                131056,
                "(#131056) (Business Account, Consumer Account) pair rate limit hit",
                "Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.");
    }

    public synchronized void reset() {
        requests.clear();
        failures.clear();
    }

    private void handle(RoutingContext ctx) {
        if (!("Bearer " + accessToken).equals(ctx.request().getHeader("Authorization"))) {
            reply(ctx, 401, error(190, "Invalid OAuth access token - Cannot parse access token", null));
            return;
        }
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (RuntimeException e) {
            body = null;
        }
        if (body == null
                || !"whatsapp".equals(body.getString("messaging_product"))
                || body.getString("to") == null
                || body.getString("type") == null
                || body.getJsonObject(body.getString("type")) == null) {
            reply(ctx, 400, error(100, "(#100) Invalid parameter", null));
            return;
        }
        requests.add(new Request(ctx.pathParam("version"), ctx.pathParam("phoneNumberId"), body));
        Failure failure = nextFailure();
        if (failure != null) {
            reply(ctx, failure.httpStatus(), error(failure.code(), failure.message(), failure.details()));
            return;
        }
        String to = body.getString("to");
        reply(
                ctx,
                200,
                new JsonObject()
                        .put("messaging_product", "whatsapp")
                        .put(
                                "contacts",
                                List.of(new JsonObject().put("input", to).put("wa_id", to)))
                        .put(
                                "messages",
                                List.of(new JsonObject()
                                        .put(
                                                "id",
                                                "wamid.HBgL"
                                                        + UUID.randomUUID()
                                                                .toString()
                                                                .replace("-", "")))));
    }

    private synchronized Failure nextFailure() {
        return failures.poll();
    }

    private static JsonObject error(int code, String message, String details) {
        JsonObject error = new JsonObject()
                .put("message", message)
                .put("type", "OAuthException")
                .put("code", code)
                .put("fbtrace_id", "A" + Long.toHexString(System.nanoTime()));
        if (details != null) {
            error.put(
                    "error_data",
                    new JsonObject().put("messaging_product", "whatsapp").put("details", details));
        }
        return new JsonObject().put("error", error);
    }

    private static void reply(RoutingContext ctx, int status, JsonObject body) {
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(body.toBuffer());
    }
}
