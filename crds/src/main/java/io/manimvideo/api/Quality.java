package io.manimvideo.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Render quality; its frame size and rate are in {@code contracts/limits.json} ({@link Limits}). */
public enum Quality {
    @JsonProperty("low")
    LOW,
    @JsonProperty("medium")
    MEDIUM,
    @JsonProperty("high")
    HIGH;

    public int width() {
        return Limits.CONTRACT.quality(wireName()).width();
    }

    public int height() {
        return Limits.CONTRACT.quality(wireName()).height();
    }

    public int fps() {
        return Limits.CONTRACT.quality(wireName()).fps();
    }

    /** The name the render workload takes on its command line. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
