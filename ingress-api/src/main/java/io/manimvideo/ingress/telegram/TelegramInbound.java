package io.manimvideo.ingress.telegram;

import io.manimvideo.ingress.chat.ChatInput;

/**
 * One update, reduced to what the service acts on.
 *
 * @param updateId Telegram's update id: the idempotency key of the job it may start
 * @param chatId where answers go; null when the update has no chat (nothing to answer)
 * @param languageCode the sender's client language, if Telegram gave one
 * @param callbackQueryId set for button presses, which must be answered
 * @param input what the update asks for
 */
public record TelegramInbound(
        long updateId, Long chatId, String languageCode, String callbackQueryId, ChatInput input) {}
