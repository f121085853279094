package io.manimvideo.ingress.whatsapp;

import io.manimvideo.api.Platform;
import io.manimvideo.api.texts.Text;
import io.manimvideo.ingress.chat.ChatAnswer;
import io.manimvideo.ingress.chat.ChatConversation;
import io.manimvideo.ingress.chat.ChatTurn;
import io.manimvideo.ingress.chat.RecentlyTakenIn;
import io.manimvideo.ingress.chat.WebhookJson;
import io.manimvideo.ingress.http.ApiProblem;
import io.manimvideo.ingress.http.ContractValidator;
import io.manimvideo.ingress.http.OperationHandlers;
import io.manimvideo.ingress.session.Masking;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /webhooks/whatsapp} answers Meta's verification; {@code POST} checks the signature of the raw
 * body (401, nothing recorded), takes every message in the notification in through
 * {@link ChatConversation} in order (each becomes a job once: names derive from the wamid) and answers 200
 * when all are recorded, 5xx when Redis or the API server could not take them in, so Meta redelivers (what
 * was already taken in is found again, not made twice).
 */
public final class WhatsAppWebhookHandler implements OperationHandlers {
    private static final Logger LOG = LoggerFactory.getLogger(WhatsAppWebhookHandler.class);

    private final WhatsAppVerification verification;
    private final WhatsAppSignature signature;
    private final WebhookJson json;
    private final WhatsAppWebhookInterpreter interpreter;
    private final ChatConversation conversation;
    private final RecentlyTakenIn recent;
    private final WhatsAppReplies replies;

    public WhatsAppWebhookHandler(
            WhatsAppVerification verification,
            WhatsAppSignature signature,
            WebhookJson json,
            WhatsAppWebhookInterpreter interpreter,
            ChatConversation conversation,
            RecentlyTakenIn recent,
            WhatsAppReplies replies) {
        this.verification = verification;
        this.signature = signature;
        this.json = json;
        this.interpreter = interpreter;
        this.conversation = conversation;
        this.recent = recent;
        this.replies = replies;
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
        WhatsAppWebhook webhook;
        try {
            // parsed and checked against the contract already
            webhook = json.read(ContractValidator.body(ctx).orElseThrow(), WhatsAppWebhook.class);
        } catch (IllegalArgumentException e) {
            // signed by Meta but not of the documented shape: acknowledged and ignored, since an error answer
            // would only have it delivered again
            LOG.warn("event=whatsapp_notification_unreadable cause=\"{}\"", e.getMessage());
            ctx.response().setStatusCode(200).end();
            return;
        }
        WhatsAppWebhookInterpreter.Interpretation interpretation = interpreter.interpret(webhook);
        interpretation.statuses().forEach(WhatsAppWebhookHandler::record);
        List<WhatsAppInbound> messages = interpretation.messages();
        // in order: a person's "/link CODE" must land before the problem they sent right after it
        Future<List<ChatAnswer>> answers = Future.succeededFuture(new ArrayList<>());
        for (WhatsAppInbound message : messages) {
            answers = answers.compose(done -> takeIn(message).map(answer -> {
                done.add(answer);
                return done;
            }));
        }
        answers.onComplete(all -> {
            if (all.failed()) {
                LOG.warn(
                        "event=whatsapp_notification_not_taken_in cause=\"{}\"",
                        all.cause().toString());
                ctx.fail(all.cause());
                return;
            }
            ctx.response().setStatusCode(200).end();
            for (int i = 0; i < messages.size(); i++) {
                replies.send(messages.get(i).from(), all.result().get(i));
            }
        });
    }

    private Future<ChatAnswer> takeIn(WhatsAppInbound message) {
        if (recent.contains(Platform.WHATSAPP, message.messageId())) {
            return Future.succeededFuture(ChatAnswer.SILENT);
        }
        LOG.info(
                "event=whatsapp_message from={} input={}",
                Masking.address(message.from()),
                message.input().getClass().getSimpleName());
        return conversation
                .handle(new ChatTurn(
                        Platform.WHATSAPP,
                        WhatsAppAddresses.toE164(message.from()),
                        message.messageId(),
                        null,
                        message.input()))
                .onSuccess(answer -> recent.add(Platform.WHATSAPP, message.messageId()));
    }

    /** Delivery receipts are not answered; failed ones are recorded with their error code. */
    private static void record(WhatsAppWebhook.Status status) {
        if ("failed".equals(status.status())) {
            String codes = status.errors() == null
                    ? ""
                    : status.errors().stream()
                            .map(e -> e.code() + " " + e.title())
                            .reduce((a, b) -> a + "; " + b)
                            .orElse("");
            LOG.warn(
                    "event=whatsapp_message_failed recipient={} message={} errors=\"{}\"",
                    Masking.address(status.recipientId()),
                    status.id(),
                    codes);
        }
    }
}
