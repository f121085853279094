package io.manimvideo.ingress.session;

/**
 * How platform addresses appear in logs: never whole. The one place for the rule, so a phone
 * number, chat id or session token cannot be logged in full by accident elsewhere.
 */
public final class Masking {
    private Masking() {}

    /** {@code +4917012345678} → {@code +4*********78}; short values become {@code ***}. */
    public static String address(String value) {
        if (value == null) {
            return "-";
        }
        if (value.length() <= 6) {
            return "***";
        }
        return value.substring(0, 2) + "*".repeat(value.length() - 4) + value.substring(value.length() - 2);
    }
}
