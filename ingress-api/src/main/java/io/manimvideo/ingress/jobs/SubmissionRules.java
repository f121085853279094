package io.manimvideo.ingress.jobs;

import io.manimvideo.api.LanguageTag;
import io.manimvideo.api.RenderOptions;
import io.manimvideo.api.SubmissionType;
import io.manimvideo.api.VideoJobSpec;
import io.manimvideo.ingress.ratelimit.PlatformConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The data model's validation rules for a submission, with messages that say the limits. */
public final class SubmissionRules {
    private SubmissionRules() {}

    public static void check(Submission submission, PlatformConfig platform) {
        List<InvalidSubmissionException.Violation> errors = new ArrayList<>();
        String content = submission.content();
        if (submission.type() == SubmissionType.PROBLEM) {
            int chars = content.strip().codePointCount(0, content.strip().length());
            if (chars < VideoJobSpec.PROBLEM_MIN_CHARS || chars > VideoJobSpec.PROBLEM_MAX_CHARS) {
                errors.add(new InvalidSubmissionException.Violation(
                        "/content",
                        "A problem must be " + VideoJobSpec.PROBLEM_MIN_CHARS + " to " + VideoJobSpec.PROBLEM_MAX_CHARS
                                + " characters long; this one has " + chars + "."));
            }
        } else {
            if (!platform.directCodeEnabled()) {
                errors.add(new InvalidSubmissionException.Violation(
                        "/content",
                        "Rendering your own Manim code is switched off on "
                                + platform.platform().name().toLowerCase() + "."));
            }
            int bytes = content.getBytes(StandardCharsets.UTF_8).length;
            if (content.isBlank()) {
                errors.add(new InvalidSubmissionException.Violation("/content", "The Manim code is empty."));
            } else if (bytes > VideoJobSpec.CODE_MAX_BYTES) {
                errors.add(new InvalidSubmissionException.Violation(
                        "/content",
                        "Manim code may be at most " + VideoJobSpec.CODE_MAX_BYTES / 1024 + " KB; this code is "
                                + (bytes + 1023) / 1024 + " KB."));
            }
        }
        Integer maxDuration = submission.options().getMaxDurationSeconds();
        if (maxDuration < 1 || maxDuration > RenderOptions.MAX_DURATION_LIMIT_SECONDS) {
            errors.add(new InvalidSubmissionException.Violation(
                    "/options/max_duration_seconds",
                    "The maximum duration must be 1 to " + RenderOptions.MAX_DURATION_LIMIT_SECONDS + " seconds."));
        }
        if (!LanguageTag.isValid(submission.language())) {
            errors.add(new InvalidSubmissionException.Violation(
                    "/language", "The language must be a BCP 47 tag such as en or pt-BR."));
        }
        if (!errors.isEmpty()) {
            throw new InvalidSubmissionException(errors);
        }
    }
}
