package io.manimvideo.ingress.web;

import io.manimvideo.api.Accessibility;
import io.manimvideo.api.SubmissionType;
import io.manimvideo.api.VideoJob;
import io.manimvideo.api.VideoJobSpec;
import io.manimvideo.api.texts.Texts;
import io.manimvideo.ingress.session.VideoMetadata;
import java.util.ArrayList;
import java.util.List;

/**
 * The text description shown with a video, so people who cannot see it know what it is: what was asked,
 * how long and in which quality, and the accessibility options it was made with. One catalog sentence per fact,
 * joined with spaces.
 */
public final class VideoDescription {
    private VideoDescription() {}

    public static String of(VideoJob job, Texts texts) {
        VideoJobSpec spec = job.getSpec();
        List<String> sentences = new ArrayList<>();
        if (spec.getSubmissionType() == SubmissionType.PROBLEM) {
            sentences.add(texts.say(
                    "description.problem", "problem", spec.getProblemText().strip()));
        } else if (spec.getSceneName() != null) {
            sentences.add(texts.say("description.codeScene", "scene", spec.getSceneName()));
        } else {
            sentences.add(texts.say("description.code"));
        }
        var video = job.getStatus() == null ? null : job.getStatus().getVideo();
        if (video != null && video.getDurationSeconds() != null) {
            sentences.add(texts.say("description.length", "seconds", Math.round(video.getDurationSeconds())));
        }
        if (video != null && video.getHeight() != null) {
            sentences.add(texts.say("description.resolution", "height", video.getHeight()));
        }
        sentences.add(texts.say(VideoMetadata.narrated(video) ? "description.narrated" : "description.silent"));
        if (VideoMetadata.hasTranscript(video)) {
            sentences.add(texts.say("description.captions"));
        }
        Accessibility a = spec.getAccessibility();
        if (a != null && (a.isHighContrast() || a.isLargeText())) {
            String which = a.isHighContrast() && a.isLargeText() ? "both" : a.isHighContrast() ? "contrast" : "large";
            sentences.add(texts.say("description.accessibility", "options", which));
        }
        return String.join(" ", sentences);
    }
}
