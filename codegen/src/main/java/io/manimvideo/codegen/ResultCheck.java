package io.manimvideo.codegen;

import io.manimvideo.api.MathVerified;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the result an AI's code states in its {@code # RESULT:} line against the offline explainer's own.
 * Problems the explainer does not solve are never checked ({@link #NONE}): their verdict is unknown.
 */
@FunctionalInterface
public interface ResultCheck {
    /** The stated result: the last {@code # RESULT: ...} comment line of the code. */
    Pattern RESULT_LINE = Pattern.compile("(?m)^[ \\t]*#[ \\t]*RESULT:[ \\t]*(\\S.*?)[ \\t]*$");

    ResultCheck NONE = code -> new OfflineExplainer.Verdict(MathVerified.UNKNOWN, "");

    OfflineExplainer.Verdict verify(String code);

    /** Checks against what {@code explainer} works out for {@code problem}. */
    static ResultCheck against(OfflineExplainer explainer, String problem) {
        return code -> statedResult(code)
                .map(stated -> explainer.verify(problem, stated))
                .orElse(new OfflineExplainer.Verdict(MathVerified.UNKNOWN, "the code states no # RESULT: line"));
    }

    static Optional<String> statedResult(String code) {
        Matcher matcher = RESULT_LINE.matcher(code);
        String last = null;
        while (matcher.find()) {
            last = matcher.group(1);
        }
        return Optional.ofNullable(last);
    }
}
