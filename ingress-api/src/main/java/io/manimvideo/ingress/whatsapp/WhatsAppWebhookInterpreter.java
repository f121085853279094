package io.manimvideo.ingress.whatsapp;

import io.manimvideo.ingress.chat.ChatInput;
import io.manimvideo.ingress.chat.ChatTextInterpreter;
import io.manimvideo.ingress.chat.ChatTexts;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one webhook POST into the messages it carries, in order, across every entry and change.
 * Status receipts are returned apart: they are recorded, never answered.
 */
public final class WhatsAppWebhookInterpreter {
    /** Id of the reply button offered with a failure: {@code retry:<videojob name>}. */
    public static final String RETRY_PREFIX = "retry:";

    private final ChatTextInterpreter text;

    public WhatsAppWebhookInterpreter(ChatTextInterpreter text) {
        this.text = text;
    }

    public record Interpretation(List<WhatsAppInbound> messages, List<WhatsAppWebhook.Status> statuses) {}

    public Interpretation interpret(WhatsAppWebhook webhook) {
        List<WhatsAppInbound> messages = new ArrayList<>();
        List<WhatsAppWebhook.Status> statuses = new ArrayList<>();
        if (!"whatsapp_business_account".equals(webhook.object())) {
            return new Interpretation(messages, statuses);
        }
        for (WhatsAppWebhook.Entry entry : webhook.entries()) {
            for (WhatsAppWebhook.Change change : entry.changeList()) {
                if (!"messages".equals(change.field()) || change.value() == null) {
                    continue;
                }
                statuses.addAll(change.value().statusList());
                for (WhatsAppWebhook.Message message : change.value().messageList()) {
                    if (message.id() == null || message.from() == null) {
                        continue;
                    }
                    messages.add(new WhatsAppInbound(message.id(), message.from(), input(message)));
                }
            }
        }
        return new Interpretation(messages, statuses);
    }

    private ChatInput input(WhatsAppWebhook.Message message) {
        String type = message.type() == null ? "" : message.type();
        return switch (type) {
            case "text" ->
                message.text() == null
                        ? new ChatInput.Rejected(ChatTexts::onlyText)
                        : text.interpret(message.text().body());
            case "interactive" ->
                buttonPress(
                        message.interactive() == null || message.interactive().buttonReply() == null
                                ? null
                                : message.interactive().buttonReply().id());
            case "button" ->
                buttonPress(message.button() == null ? null : message.button().payload());
            // a reaction to one of our messages is not a request
            case "reaction" -> new ChatInput.Ignored("reaction");
            // a caption refers to the attachment, which we cannot read: it is not a problem statement
            case "image", "audio", "video", "document", "sticker", "voice" ->
                new ChatInput.Rejected(ChatTexts::attachmentNotRead);
            // location, contacts, unsupported...
            default -> new ChatInput.Rejected(ChatTexts::onlyText);
        };
    }

    private ChatInput buttonPress(String id) {
        return ChatInput.buttonPress(id, RETRY_PREFIX);
    }
}
