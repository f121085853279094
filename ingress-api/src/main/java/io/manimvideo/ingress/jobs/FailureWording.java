package io.manimvideo.ingress.jobs;

import java.util.regex.Pattern;

/**
 * How a failed job's error is said to people, in chat replies and on the web (API and page): with its line said
 * once. The message may already start with "line N:" (the static check) or "Line N: line N:" (the operator's repair
 * prompt format); those prefixes are dropped in favour of one "(line N)" at the end.
 */
public final class FailureWording {
    /** Leading "line N:" / "Line N, column M:" prefixes, repeated or not. */
    private static final Pattern LINE_PREFIX =
            Pattern.compile("^(?:line \\d+(?:, column \\d+)?:\\s*)+", Pattern.CASE_INSENSITIVE);

    private FailureWording() {}

    /** The error for people, e.g. {@code importing 'os' is not allowed (line 2)}. */
    public static String of(String userSafeError, Integer line) {
        String why = userSafeError == null || userSafeError.isBlank()
                ? "Something went wrong."
                : LINE_PREFIX.matcher(userSafeError.strip()).replaceFirst("");
        String where = line == null || why.endsWith("(line " + line + ")") ? "" : " (line " + line + ")";
        return why + where;
    }
}
