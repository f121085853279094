package io.manimvideo.codegen;

import java.util.List;

/**
 * What the check command said about one piece of code.
 *
 * @param ok whether the repaired code passed every static check
 * @param code the code after repairs (what gets stored when ok)
 * @param repairs the known mistakes it fixed
 * @param scene the scene class it chose, when ok
 * @param errorMessage why it failed, when not ok
 * @param line the line the error points at, or null
 * @param column the column, or null
 * @param truncated the code stops before its end (the answer was cut off): ask for the whole scene, shorter
 */
public record CheckResult(
        boolean ok,
        String code,
        List<String> repairs,
        String scene,
        String errorMessage,
        Integer line,
        Integer column,
        boolean truncated) {

    /** The error as the model and the person read it: {@code line 3, column 5: <message>}. */
    public String describeError() {
        if (ok) {
            return "";
        }
        String message = errorMessage == null || errorMessage.isBlank() ? "the code was rejected" : errorMessage;
        if (line == null) {
            return message;
        }
        // the check's message may already start with "line N: "; say where once, with the column
        return "line " + line + (column == null ? "" : ", column " + column) + ": "
                + message.replaceFirst("^line " + line + ": ", "");
    }
}
