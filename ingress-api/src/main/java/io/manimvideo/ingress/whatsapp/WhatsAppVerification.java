package io.manimvideo.ingress.whatsapp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/** The GET handshake Meta makes when the webhook is configured: echo {@code hub.challenge} if the token fits. */
public final class WhatsAppVerification {
    private final byte[] verifyToken;

    public WhatsAppVerification(String verifyToken) {
        if (verifyToken == null || verifyToken.isEmpty()) {
            throw new IllegalArgumentException("WHATSAPP_VERIFY_TOKEN must be set when WhatsApp is on");
        }
        this.verifyToken = verifyToken.getBytes(StandardCharsets.UTF_8);
    }

    /** @return the challenge to answer with 200, or empty for 403 */
    public Optional<String> challenge(String mode, String token, String challenge) {
        boolean ok = "subscribe".equals(mode)
                && token != null
                && MessageDigest.isEqual(verifyToken, token.getBytes(StandardCharsets.UTF_8))
                && challenge != null
                && !challenge.isEmpty();
        return ok ? Optional.of(challenge) : Optional.empty();
    }
}
