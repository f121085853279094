package io.manimvideo.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether the result a video states was checked with SymPy against the result worked out offline. */
public enum MathVerified {
    /** Checked and equal (the offline explainer's own videos are equal by construction). */
    @JsonProperty("true")
    TRUE,
    /** Checked and not equal: every writer stated a wrong result and none could be used instead. */
    @JsonProperty("false")
    FALSE,
    /** Not checked: the problem is not a kind the explainer solves, or the code stated no readable result. */
    @JsonProperty("unknown")
    UNKNOWN
}
