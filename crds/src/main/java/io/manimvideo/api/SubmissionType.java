package io.manimvideo.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What the person sent: a problem for the AI to animate, or Manim code to render as is. */
public enum SubmissionType {
    @JsonProperty("problem")
    PROBLEM,
    @JsonProperty("direct_code")
    DIRECT_CODE
}
