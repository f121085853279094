package io.manimvideo.ingress.chat;

import io.manimvideo.api.Platform;

/**
 * One message from a person on a chat platform.
 *
 * @param address chat id or phone number: stays in Redis, masked in logs
 * @param messageId the platform's id of the message (Telegram update_id, WhatsApp wamid): the idempotency key
 * @param language the client's language, used when the session is made (null: en)
 */
public record ChatTurn(Platform platform, String address, String messageId, String language, ChatInput input) {}
