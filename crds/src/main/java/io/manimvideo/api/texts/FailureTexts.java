package io.manimvideo.api.texts;

import io.manimvideo.api.ErrorInfo;
import io.manimvideo.api.FailureReason;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a failure reads: the catalog's {@code failure.<reason>} sentence filled from the error's parameters. The
 * operator writes it in English into {@code status.lastError.message} for kubectl ({@link #of}); the ingress says
 * it in the person's language ({@link #forPerson}). Patterns may use {@code line}, {@code column} (0 when unknown, for {@code plural =0}),
 * {@code detail}, {@code hasDetail} (yes/no, for {@code select}), {@code limit} (seconds), {@code limitMinutes},
 * {@code name} and {@code attempt}.
 */
public final class FailureTexts {
    private FailureTexts() {}

    public static String key(FailureReason reason) {
        return "failure." + reason.wireName();
    }

    /** The sentence for kubectl ({@code status.lastError.message}): every detail the step reported. */
    public static Text of(ErrorInfo error) {
        return sentence(error, true);
    }

    /**
     * The sentence a person reads: a detail only when it is what the checker or Manim said about the code (a
     * reason that {@link FailureReason#blamesCode() blames the code}), which the person needs to change it. Other
     * details are the system's own words, in English, about parts the person cannot act on; they stay in the
     * status for kubectl.
     */
    public static Text forPerson(ErrorInfo error) {
        return sentence(error, reason(error).blamesCode());
    }

    private static FailureReason reason(ErrorInfo error) {
        return error.getReason() == null ? FailureReason.UNKNOWN : error.getReason();
    }

    private static Text sentence(ErrorInfo error, boolean withDetail) {
        FailureReason reason = reason(error);
        Map<String, Object> args = new HashMap<>();
        args.put("line", Objects.requireNonNullElse(error.getLine(), 0));
        args.put("column", Objects.requireNonNullElse(error.getColumn(), 0));
        boolean hasDetail =
                withDetail && error.getDetail() != null && !error.getDetail().isBlank();
        // the sentence ends itself: a detail's own full stop would double it
        args.put("detail", hasDetail ? error.getDetail().strip().replaceAll("\\.+$", "") : "");
        args.put("hasDetail", hasDetail ? "yes" : "no");
        long limit = error.getLimit() == null ? 0 : error.getLimit();
        args.put("limit", limit);
        args.put("limitMinutes", (limit + 59) / 60);
        args.put("name", error.getName() == null ? "" : error.getName());
        args.put("attempt", Objects.requireNonNullElse(error.getAttempt(), 0));
        return new Text(key(reason), args);
    }
}
