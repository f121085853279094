package io.manimvideo.operator.reconcile;

import io.manimvideo.api.ErrorInfo;
import io.manimvideo.api.FailureReason;

/**
 * What the AI asked to repair code is told about the previous attempt's failure: the failing step's own words
 * and the line, in English, for the model (not a person), from the error's reason and parameters.
 */
final class RepairPrompt {
    private RepairPrompt() {}

    static String of(ErrorInfo error) {
        String detail = error.getDetail() == null || error.getDetail().isBlank()
                ? error.getReason() == null
                        ? FailureReason.UNKNOWN.wireName()
                        : error.getReason().wireName()
                : error.getDetail();
        if (error.getReason() == FailureReason.LAYOUT_SEVERE) {
            return "the video's layout needs fixing: " + detail
                    + ". Keep every text inside the frame and apart from the others.";
        }
        if (error.getReason() == FailureReason.MEMORY_LIMIT) {
            return "The scene needed more memory than the render limit allows; simplify it (fewer objects or frames).";
        }
        return error.getLine() == null ? detail : "Line " + error.getLine() + ": " + detail;
    }
}
