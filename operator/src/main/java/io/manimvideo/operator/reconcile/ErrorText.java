package io.manimvideo.operator.reconcile;

import io.manimvideo.api.ErrorInfo;

/** How an error reads for the person (and for the AI asked to repair the code). */
final class ErrorText {
    private ErrorText() {}

    /** The error with its line when known. */
    static String describe(ErrorInfo error) {
        return error.getLine() == null ? error.getMessage() : "Line " + error.getLine() + ": " + error.getMessage();
    }
}
