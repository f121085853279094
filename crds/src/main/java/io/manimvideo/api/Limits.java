package io.manimvideo.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The rules the Java services and the Python render image both apply, declared once in
 * {@code contracts/limits.json} (this module packages it; the render image reads the same file through
 * {@code manimrender.contract}). A missing or malformed file stops class loading: no silent defaults.
 *
 * @param code limits on Manim code
 * @param qualities frame size and rate of each render quality, by {@link Quality#wireName()}
 */
@JsonIgnoreProperties({"$comment"})
public record Limits(Code code, Map<String, QualityPreset> qualities) {
    public static final String RESOURCE = "contracts/limits.json";
    /** The contract as packaged with this module. */
    public static final Limits CONTRACT = load();

    /** @param maxBytes the largest direct or generated code, in UTF-8 bytes */
    public record Code(int maxBytes) {}

    public record QualityPreset(int width, int height, int fps) {}

    public QualityPreset quality(String name) {
        QualityPreset preset = qualities.get(name);
        if (preset == null) {
            throw new IllegalStateException(RESOURCE + " has no quality " + name);
        }
        return preset;
    }

    private static Limits load() {
        try (InputStream in = Limits.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            return JsonMapper.builder().build().readValue(in, Limits.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
