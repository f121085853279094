package io.manimvideo.ingress.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import io.manimvideo.api.Platform;
import io.manimvideo.ingress.chat.ChatAnswer;
import io.manimvideo.ingress.chat.ChatConversation;
import io.manimvideo.ingress.chat.ChatInput;
import io.manimvideo.ingress.chat.ChatTurn;
import io.manimvideo.ingress.chat.RecentlyTakenIn;
import io.manimvideo.ingress.session.Masking;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to an update once received, however it came (webhook or long polling): read, interpreted, taken
 * in through {@link ChatConversation} (dedupe, sessions, jobs), then answered. An update this replica took in
 * before ({@link RecentlyTakenIn}) is acknowledged at once. Taking in fails only when
 * Redis or the API server could not record it, and then the same update must come again.
 */
public final class TelegramIntake {
    private static final Logger LOG = LoggerFactory.getLogger(TelegramIntake.class);

    /** An update that was recorded, with what to tell its sender. */
    public record Taken(TelegramInbound inbound, ChatAnswer answer) {}

    private final TelegramUpdates updates;
    private final TelegramUpdateInterpreter interpreter;
    private final ChatConversation conversation;
    private final RecentlyTakenIn recent;
    private final TelegramReplies replies;

    public TelegramIntake(
            TelegramUpdates updates,
            TelegramUpdateInterpreter interpreter,
            ChatConversation conversation,
            RecentlyTakenIn recent,
            TelegramReplies replies) {
        this.updates = updates;
        this.interpreter = interpreter;
        this.conversation = conversation;
        this.recent = recent;
        this.replies = replies;
    }

    /**
     * Whether this replica took the update in already, so its redelivery needs nothing more.
     *
     * @throws IllegalArgumentException for anything that is not an update
     */
    public boolean tookIn(JsonNode tree) {
        return recent.contains(Platform.TELEGRAM, Long.toString(updates.updateId(tree)));
    }

    /** The chat the update comes from, or "" (its updates are taken in one after the other). */
    public String chatOf(JsonNode tree) {
        Long chat = interpreter.interpret(updates.read(tree)).chatId();
        return chat == null ? "" : chat.toString();
    }

    /**
     * Takes in one update, parsed (a webhook body, or one element of getUpdates' result).
     *
     * @throws IllegalArgumentException for anything that is not an update
     */
    public Future<Taken> takeIn(JsonNode tree) {
        long updateId = updates.updateId(tree);
        String messageId = Long.toString(updateId);
        if (recent.contains(Platform.TELEGRAM, messageId)) {
            return Future.succeededFuture(new Taken(
                    new TelegramInbound(updateId, null, null, null, new ChatInput.Ignored("already taken in")),
                    ChatAnswer.SILENT));
        }
        TelegramInbound inbound = interpreter.interpret(updates.read(tree));
        if (inbound.chatId() == null) {
            return Future.succeededFuture(new Taken(inbound, ChatAnswer.SILENT));
        }
        ChatInput input = inbound.input();
        LOG.info(
                "event=telegram_update update={} chat={} input={}",
                inbound.updateId(),
                Masking.address(inbound.chatId().toString()),
                input.getClass().getSimpleName());
        return conversation
                .handle(new ChatTurn(
                        Platform.TELEGRAM, inbound.chatId().toString(), messageId, inbound.languageCode(), input))
                .map(answer -> {
                    recent.add(Platform.TELEGRAM, messageId);
                    return new Taken(inbound, answer);
                })
                .onFailure(failure -> LOG.warn(
                        "event=telegram_update_not_taken_in update={} cause=\"{}\"",
                        inbound.updateId(),
                        failure.toString()));
    }

    /** Sends the answer (best effort: the update is recorded whatever happens here). */
    public Future<Void> answer(Taken taken) {
        return replies.send(taken.inbound(), taken.answer());
    }
}
