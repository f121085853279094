package io.manimvideo.ingress.whatsapp;

import io.manimvideo.api.Platform;
import io.manimvideo.ingress.chat.ChatAnswer;
import io.manimvideo.ingress.chat.ChatConversation;
import io.manimvideo.ingress.chat.ChatTurn;
import io.manimvideo.ingress.chat.RecentlyTakenIn;
import io.manimvideo.ingress.chat.WebhookJson;
import io.manimvideo.ingress.intake.WebhookProcessor;
import io.manimvideo.ingress.session.Masking;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes in one acknowledged WhatsApp notification: every message in it through {@link ChatConversation} in
 * order (each becomes a job once: names derive from the wamid), then the replies. Fails when Redis or the API
 * server could not take them in; called again then, what was already taken in is found again, not made twice.
 */
public final class WhatsAppIntake implements WebhookProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(WhatsAppIntake.class);

    private final WebhookJson json;
    private final WhatsAppWebhookInterpreter interpreter;
    private final ChatConversation conversation;
    private final RecentlyTakenIn recent;
    private final WhatsAppReplies replies;

    public WhatsAppIntake(
            WebhookJson json,
            WhatsAppWebhookInterpreter interpreter,
            ChatConversation conversation,
            RecentlyTakenIn recent,
            WhatsAppReplies replies) {
        this.json = json;
        this.interpreter = interpreter;
        this.conversation = conversation;
        this.recent = recent;
        this.replies = replies;
    }

    @Override
    public Future<Void> process(Buffer body) {
        WhatsAppWebhook webhook;
        try {
            webhook = json.read(body, WhatsAppWebhook.class);
        } catch (IllegalArgumentException e) {
            // signed by Meta but not of the documented shape: nothing to take in (the webhook said 200)
            LOG.warn("event=whatsapp_notification_unreadable cause=\"{}\"", e.getMessage());
            return Future.succeededFuture();
        }
        WhatsAppWebhookInterpreter.Interpretation interpretation = interpreter.interpret(webhook);
        interpretation.statuses().forEach(WhatsAppIntake::record);
        List<WhatsAppInbound> messages = interpretation.messages();
        // in order: a person's "/link CODE" must land before the problem they sent right after it
        Future<List<ChatAnswer>> answers = Future.succeededFuture(new ArrayList<>());
        for (WhatsAppInbound message : messages) {
            answers = answers.compose(done -> takeIn(message).map(answer -> {
                done.add(answer);
                return done;
            }));
        }
        return answers.map(all -> {
            for (int i = 0; i < messages.size(); i++) {
                replies.send(messages.get(i).from(), all.get(i));
            }
            return null;
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
