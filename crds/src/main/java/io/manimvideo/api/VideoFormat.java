package io.manimvideo.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Container of the finished video: mp4 (H.264) or webm (VP9). */
public enum VideoFormat {
    @JsonProperty("mp4")
    MP4("video/mp4"),
    @JsonProperty("webm")
    WEBM("video/webm");

    private final String contentType;

    VideoFormat(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }

    public String extension() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
