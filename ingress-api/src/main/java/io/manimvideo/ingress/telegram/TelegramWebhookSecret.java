package io.manimvideo.ingress.telegram;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Checks {@code X-Telegram-Bot-Api-Secret-Token} against the secret given to setWebhook, in constant time. */
public final class TelegramWebhookSecret {
    public static final String HEADER = "X-Telegram-Bot-Api-Secret-Token";

    private final byte[] expected;

    public TelegramWebhookSecret(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("TELEGRAM_WEBHOOK_SECRET must be set when Telegram is on");
        }
        this.expected = secret.getBytes(StandardCharsets.UTF_8);
    }

    public boolean matches(String header) {
        return header != null && MessageDigest.isEqual(expected, header.getBytes(StandardCharsets.UTF_8));
    }
}
