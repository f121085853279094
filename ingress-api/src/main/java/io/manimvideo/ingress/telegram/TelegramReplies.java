package io.manimvideo.ingress.telegram;

import io.manimvideo.api.Platform;
import io.manimvideo.ingress.chat.BlockedAddresses;
import io.manimvideo.ingress.chat.ChatAnswer;
import io.manimvideo.ingress.session.Masking;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the answer to an update, after the webhook was acknowledged: answers the button press, sends the
 * reply, and remembers the reply to a new job as that job's progress message. A 403 marks the chat blocked.
 */
public final class TelegramReplies {
    private static final Logger LOG = LoggerFactory.getLogger(TelegramReplies.class);

    private final TelegramBotClient bot;
    private final TelegramProgressMessages progressMessages;
    private final BlockedAddresses blocked;

    public TelegramReplies(TelegramBotClient bot, TelegramProgressMessages progressMessages, BlockedAddresses blocked) {
        this.bot = bot;
        this.progressMessages = progressMessages;
        this.blocked = blocked;
    }

    public Future<Void> send(TelegramInbound inbound, ChatAnswer answer) {
        Future<Void> callback = inbound.callbackQueryId() == null
                ? Future.succeededFuture()
                : bot.answerCallbackQuery(inbound.callbackQueryId(), answer.text())
                        .mapEmpty();
        if (!answer.hasText() || inbound.chatId() == null) {
            return callback;
        }
        long chatId = inbound.chatId();
        return callback.transform(ignored -> bot.sendMessage(chatId, answer.text()))
                .compose(result -> {
                    if (result instanceof TelegramResult.Blocked) {
                        return blocked.markBlocked(Platform.TELEGRAM, Long.toString(chatId));
                    }
                    if (result instanceof TelegramResult.Sent sent
                            && answer.jobName() != null
                            && sent.messageId() != null) {
                        return progressMessages.remember(answer.jobName(), sent.messageId());
                    }
                    return Future.<Void>succeededFuture();
                })
                .onFailure(failure -> LOG.warn(
                        "event=telegram_reply_failed chat={} cause=\"{}\"",
                        Masking.address(Long.toString(chatId)),
                        failure.toString()));
    }
}
