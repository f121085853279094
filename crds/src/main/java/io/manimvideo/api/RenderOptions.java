package io.manimvideo.api;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** The data model's DirectCodeSubmission options; they apply to AI-generated code as well. */
public class RenderOptions extends UnknownFields {
    public static final int DEFAULT_MAX_DURATION_SECONDS = 60;
    public static final int MAX_DURATION_LIMIT_SECONDS = 600;

    @JsonPropertyDescription("Render quality: low (480p, 15 fps), medium (720p, 30 fps) or high (1080p, 60 fps).")
    @Default("low")
    @JsonFormat(with = JsonFormat.Feature.READ_UNKNOWN_ENUM_VALUES_AS_NULL) // a newer CRD's value: the default
    private Quality quality = Quality.LOW;

    @JsonPropertyDescription("Video container: mp4 (H.264, plays everywhere) or webm (VP9).")
    @Default("mp4")
    @JsonFormat(with = JsonFormat.Feature.READ_UNKNOWN_ENUM_VALUES_AS_NULL) // a newer CRD's value: the default
    private VideoFormat format = VideoFormat.MP4;

    @JsonPropertyDescription(
            "Longest video to produce, in seconds; rendering stops with an error once the scene would run longer.")
    @Min(1)
    @Max(MAX_DURATION_LIMIT_SECONDS)
    @Default("60")
    private Integer maxDurationSeconds = DEFAULT_MAX_DURATION_SECONDS;

    public RenderOptions() {}

    public RenderOptions(Quality quality, VideoFormat format, Integer maxDurationSeconds) {
        this.quality = quality;
        this.format = format;
        this.maxDurationSeconds = maxDurationSeconds;
    }

    public Quality getQuality() {
        return quality == null ? Quality.LOW : quality;
    }

    public void setQuality(Quality quality) {
        this.quality = quality;
    }

    public VideoFormat getFormat() {
        return format == null ? VideoFormat.MP4 : format;
    }

    public void setFormat(VideoFormat format) {
        this.format = format;
    }

    public Integer getMaxDurationSeconds() {
        return maxDurationSeconds == null ? Integer.valueOf(DEFAULT_MAX_DURATION_SECONDS) : maxDurationSeconds;
    }

    public void setMaxDurationSeconds(Integer maxDurationSeconds) {
        this.maxDurationSeconds = maxDurationSeconds;
    }
}
