package io.manimvideo.ingress.whatsapp;

import io.manimvideo.ingress.chat.ChatInput;

/**
 * One incoming WhatsApp message, reduced to what the service acts on.
 *
 * @param messageId the {@code wamid}: the idempotency key of the job it may start
 * @param from the sender's WhatsApp id (phone number without +); stays in Redis, masked in logs
 */
public record WhatsAppInbound(String messageId, String from, ChatInput input) {}
