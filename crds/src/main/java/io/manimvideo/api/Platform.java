package io.manimvideo.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where the request came from, and so where the video goes back to. */
public enum Platform {
    @JsonProperty("telegram")
    TELEGRAM,
    @JsonProperty("whatsapp")
    WHATSAPP,
    @JsonProperty("web")
    WEB
}
