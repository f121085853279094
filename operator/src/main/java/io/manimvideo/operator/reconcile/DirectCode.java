package io.manimvideo.operator.reconcile;

import io.manimvideo.api.CodeRef;
import io.manimvideo.api.VideoJobSpec;
import io.manimvideo.operator.storage.ArtifactStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Puts the person's own code in storage for the render pod, once. */
class DirectCode {
    private final ArtifactStore store;

    DirectCode(ArtifactStore store) {
        this.store = store;
    }

    /** A repeated reconcile finds the object and does not upload again. */
    CodeRef store(VideoJobSpec spec, String key) {
        byte[] bytes = spec.getManimCode().getBytes(StandardCharsets.UTF_8);
        if (!store.exists(key)) {
            store.putText(key, spec.getManimCode(), "text/x-python; charset=utf-8");
        }
        return new CodeRef(CodeRef.Source.USER, sha256(bytes), key, (long) bytes.length);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
