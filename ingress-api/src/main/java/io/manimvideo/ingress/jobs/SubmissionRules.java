package io.manimvideo.ingress.jobs;

import io.manimvideo.api.LanguageTag;
import io.manimvideo.api.RenderOptions;
import io.manimvideo.api.SubmissionType;
import io.manimvideo.api.VideoJobSpec;
import io.manimvideo.api.texts.Text;
import io.manimvideo.ingress.ratelimit.PlatformConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The data model's validation rules for a submission, with catalog texts that say the limits. */
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
                        Text.of(
                                "submission.problemLength",
                                "min",
                                VideoJobSpec.PROBLEM_MIN_CHARS,
                                "max",
                                VideoJobSpec.PROBLEM_MAX_CHARS,
                                "chars",
                                chars)));
            }
        } else {
            if (!platform.directCodeEnabled()) {
                errors.add(new InvalidSubmissionException.Violation(
                        "/content",
                        Text.of(
                                "submission.codeSwitchedOff",
                                "platform",
                                platform.platform().name().toLowerCase(Locale.ROOT))));
            }
            int bytes = content.getBytes(StandardCharsets.UTF_8).length;
            if (content.isBlank()) {
                errors.add(new InvalidSubmissionException.Violation("/content", Text.of("submission.codeEmpty")));
            } else if (bytes > VideoJobSpec.CODE_MAX_BYTES) {
                errors.add(new InvalidSubmissionException.Violation(
                        "/content",
                        Text.of(
                                "submission.codeTooLarge",
                                "maxKb",
                                VideoJobSpec.CODE_MAX_BYTES / 1024,
                                "kb",
                                (bytes + 1023) / 1024)));
            }
        }
        Integer maxDuration = submission.options().getMaxDurationSeconds();
        if (maxDuration < 1 || maxDuration > RenderOptions.MAX_DURATION_LIMIT_SECONDS) {
            errors.add(new InvalidSubmissionException.Violation(
                    "/options/max_duration_seconds",
                    Text.of("submission.maxDuration", "max", RenderOptions.MAX_DURATION_LIMIT_SECONDS)));
        }
        if (!LanguageTag.isValid(submission.language())) {
            errors.add(new InvalidSubmissionException.Violation("/language", Text.of("submission.language")));
        }
        if (!errors.isEmpty()) {
            throw new InvalidSubmissionException(errors);
        }
    }
}
