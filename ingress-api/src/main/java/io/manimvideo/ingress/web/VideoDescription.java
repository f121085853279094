package io.manimvideo.ingress.web;

import io.manimvideo.api.Accessibility;
import io.manimvideo.api.SubmissionType;
import io.manimvideo.api.VideoJob;
import io.manimvideo.api.VideoJobSpec;
import io.manimvideo.ingress.session.VideoMetadata;

/**
 * The text description shown with a video, so people who cannot see it know what it is: what was asked,
 * how long and in which quality, and the accessibility options it was made with.
 */
public final class VideoDescription {
    private VideoDescription() {}

    public static String of(VideoJob job) {
        VideoJobSpec spec = job.getSpec();
        StringBuilder text = new StringBuilder();
        if (spec.getSubmissionType() == SubmissionType.PROBLEM) {
            text.append("An animated explanation of: ")
                    .append(spec.getProblemText().strip())
                    .append('.');
        } else {
            text.append("An animation rendered from the Manim code you sent");
            if (spec.getSceneName() != null) {
                text.append(" (scene ").append(spec.getSceneName()).append(')');
            }
            text.append('.');
        }
        var video = job.getStatus() == null ? null : job.getStatus().getVideo();
        if (video != null && video.getDurationSeconds() != null) {
            text.append(" Length: ")
                    .append(Math.round(video.getDurationSeconds()))
                    .append(" seconds.");
        }
        if (video != null && video.getHeight() != null) {
            text.append(" Resolution: ").append(video.getHeight()).append("p.");
        }
        text.append(VideoMetadata.narrated(video) ? " A voice reads each step aloud." : " The video has no sound.");
        if (VideoMetadata.hasTranscript(video)) {
            text.append(" Captions and a transcript are available.");
        }
        Accessibility a = spec.getAccessibility();
        if (a != null && (a.isHighContrast() || a.isLargeText())) {
            text.append(" Made with")
                    .append(a.isHighContrast() ? " high contrast" : "")
                    .append(a.isHighContrast() && a.isLargeText() ? " and" : "")
                    .append(a.isLargeText() ? " large text" : "")
                    .append('.');
        }
        return text.toString();
    }
}
