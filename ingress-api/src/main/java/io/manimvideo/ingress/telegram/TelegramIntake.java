package io.manimvideo.ingress.telegram;

import io.manimvideo.api.Platform;
import io.manimvideo.ingress.chat.ChatAnswer;
import io.manimvideo.ingress.chat.ChatConversation;
import io.manimvideo.ingress.chat.ChatInput;
import io.manimvideo.ingress.chat.ChatTurn;
import io.manimvideo.ingress.session.Masking;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to an update once received, however it came (webhook or long polling): interpreted, taken
 * in through {@link ChatConversation} (dedupe, sessions, jobs), then answered. Taking in fails only when
 * Redis or the API server could not record it, and then the same update must come again.
 */
public final class TelegramIntake {
    private static final Logger LOG = LoggerFactory.getLogger(TelegramIntake.class);

    /** An update that was recorded, with what to tell its sender. */
    public record Taken(TelegramInbound inbound, ChatAnswer answer) {}

    private final TelegramUpdateInterpreter interpreter;
    private final ChatConversation conversation;
    private final TelegramReplies replies;

    public TelegramIntake(
            TelegramUpdateInterpreter interpreter, ChatConversation conversation, TelegramReplies replies) {
        this.interpreter = interpreter;
        this.conversation = conversation;
        this.replies = replies;
    }

    public Future<Taken> takeIn(TelegramUpdates.Read update) {
        TelegramInbound inbound = interpreter.interpret(update);
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
                        Platform.TELEGRAM,
                        inbound.chatId().toString(),
                        Long.toString(inbound.updateId()),
                        inbound.languageCode(),
                        input))
                .map(answer -> new Taken(inbound, answer))
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
