package io.manimvideo.ingress.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script from {@code resources/redis/}, with its SHA-1 for EVALSHA. A script may be made of several files
 * joined in order, so scripts share functions (Redis runs one text; there is no include).
 */
public record LuaScript(String source, String sha) {

    public static LuaScript load(String... names) {
        StringBuilder source = new StringBuilder();
        for (String name : names) {
            try (InputStream in = LuaScript.class.getClassLoader().getResourceAsStream("redis/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("missing Lua script redis/" + name);
                }
                source.append(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                        .append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try {
            String text = source.toString();
            return new LuaScript(
                    text,
                    HexFormat.of()
                            .formatHex(
                                    MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8))));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
