package io.manimvideo.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The data model's accessibility options, passed to the AI prompt and to the render (captions, contrast). */
public class Accessibility extends UnknownFields {
    @JsonPropertyDescription("Ask for a spoken-style text description of every step, delivered with the video.")
    private boolean audioDescription;

    @JsonPropertyDescription("Render with a high-contrast palette (light text on black, no low-contrast colours).")
    private boolean highContrast;

    @JsonPropertyDescription("Use larger text in the animation.")
    private boolean largeText;

    public Accessibility() {}

    public Accessibility(boolean audioDescription, boolean highContrast, boolean largeText) {
        this.audioDescription = audioDescription;
        this.highContrast = highContrast;
        this.largeText = largeText;
    }

    public boolean isAudioDescription() {
        return audioDescription;
    }

    public void setAudioDescription(boolean audioDescription) {
        this.audioDescription = audioDescription;
    }

    public boolean isHighContrast() {
        return highContrast;
    }

    public void setHighContrast(boolean highContrast) {
        this.highContrast = highContrast;
    }

    public boolean isLargeText() {
        return largeText;
    }

    public void setLargeText(boolean largeText) {
        this.largeText = largeText;
    }
}
