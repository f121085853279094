package io.manimvideo.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/**
 * The data model's ProcessingStatus, spelled the Kubernetes way in the CRD ({@code AIGenerating}) and the
 * data model's way on the web API ({@link #wireName()}: {@code ai_generating}).
 */
public enum Phase {
    @JsonProperty("Queued")
    QUEUED,
    @JsonProperty("AIGenerating")
    AI_GENERATING,
    @JsonProperty("CodeValidating")
    CODE_VALIDATING,
    @JsonProperty("Rendering")
    RENDERING,
    @JsonProperty("Uploading")
    UPLOADING,
    @JsonProperty("Ready")
    READY,
    @JsonProperty("Delivered")
    DELIVERED,
    @JsonProperty("Failed")
    FAILED,
    @JsonProperty("Expired")
    EXPIRED;

    /** The data model's ProcessingStatus value, e.g. {@code code_validating}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Phase fromWireName(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** No further work happens in these phases except TTL-driven cleanup. */
    public boolean isTerminal() {
        return this == DELIVERED || this == FAILED || this == EXPIRED;
    }

    /** A child Job may be running for the job in these phases. */
    public boolean isActive() {
        return this == AI_GENERATING || this == CODE_VALIDATING || this == RENDERING || this == UPLOADING;
    }
}
