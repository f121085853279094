package io.manimvideo.ingress.whatsapp;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body, keyed with the app secret>}. */
public final class WhatsAppSignature {
    public static final String HEADER = "X-Hub-Signature-256";
    private static final String PREFIX = "sha256=";

    private final SecretKeySpec key;
    /** One keyed Mac per thread, so a request does not look the algorithm up and key a new one. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    public WhatsAppSignature(String appSecret) {
        if (appSecret == null || appSecret.isEmpty()) {
            throw new IllegalArgumentException("WHATSAPP_APP_SECRET must be set when WhatsApp is on");
        }
        this.key = new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** Compares in constant time; a missing or malformed header does not match. */
    public boolean matches(String header, Buffer rawBody) {
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(header.substring(PREFIX.length()).strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(hmac(rawBody), given);
    }

    /** The header value for a body: what Meta sends, and what tests sign with. */
    public String sign(Buffer rawBody) {
        return PREFIX + HexFormat.of().formatHex(hmac(rawBody));
    }

    private byte[] hmac(Buffer body) {
        return macs.get().doFinal(body.getBytes()); // doFinal leaves the Mac ready for the next body
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
