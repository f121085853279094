package io.manimvideo.ingress.whatsapp;

import com.fasterxml.jackson.databind.JsonNode;
import io.manimvideo.api.texts.Text;
import io.manimvideo.ingress.http.ApiProblem;
import io.manimvideo.ingress.http.ContractValidator;
import io.manimvideo.ingress.http.OperationHandlers;
import io.manimvideo.ingress.intake.WebhookQueue;
import io.manimvideo.ingress.intake.WebhookWorker;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * {@code GET /webhooks/whatsapp} answers Meta's verification; {@code POST} checks the signature of the raw
 * body (401, nothing recorded), puts the notification in the {@link WebhookQueue} and answers 200; the
 * {@link WebhookWorker} takes it in ({@link WhatsAppIntake}) right after. 503 only when Redis could not record it
 * (or the queue is full), so Meta redelivers.
 */
public final class WhatsAppWebhookHandler implements OperationHandlers {
    private final WhatsAppVerification verification;
    private final WhatsAppSignature signature;
    private final WebhookQueue queue;
    private final WebhookWorker worker;

    public WhatsAppWebhookHandler(
            WhatsAppVerification verification, WhatsAppSignature signature, WebhookQueue queue, WebhookWorker worker) {
        this.verification = verification;
        this.signature = signature;
        this.queue = queue;
        this.worker = worker;
    }

    @Override
    public Map<String, Handler<RoutingContext>> handlers() {
        return Map.of("whatsappVerify", this::verify, "whatsappWebhook", this::receive);
    }

    private void verify(RoutingContext ctx) {
        verification
                .challenge(
                        ctx.request().getParam("hub.mode"),
                        ctx.request().getParam("hub.verify_token"),
                        ctx.request().getParam("hub.challenge"))
                .ifPresentOrElse(
                        challenge -> ctx.response()
                                .putHeader("Content-Type", "text/plain")
                                .end(challenge),
                        () -> ctx.fail(ApiProblem.forbidden(Text.of("problem.wrongVerifyToken"))));
    }

    private void receive(RoutingContext ctx) {
        if (!signature.matches(
                ctx.request().getHeader(WhatsAppSignature.HEADER), ctx.body().buffer())) {
            ctx.fail(ApiProblem.unauthorized(Text.of("problem.wrongHeader", "name", WhatsAppSignature.HEADER)));
            return;
        }
        queue.append(
                        sender(ContractValidator.body(ctx).orElse(null)),
                        ctx.body().buffer())
                .onComplete(queued -> {
                    if (queued.failed()) {
                        ctx.fail(queued.cause());
                        return;
                    }
                    ctx.response().setStatusCode(200).end();
                    worker.wake();
                });
    }

    /** Who sent the notification's first message, or "": one person's notifications are taken in in order. */
    private static String sender(JsonNode notification) {
        if (notification == null) {
            return "";
        }
        return notification
                .path("entry")
                .path(0)
                .path("changes")
                .path(0)
                .path("value")
                .path("messages")
                .path(0)
                .path("from")
                .asText("");
    }
}
