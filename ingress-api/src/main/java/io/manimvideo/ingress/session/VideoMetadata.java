package io.manimvideo.ingress.session;

import io.manimvideo.api.Phase;
import io.manimvideo.api.SubmissionType;
import io.manimvideo.api.VideoFacts;
import io.manimvideo.api.VideoJob;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * The data model's VideoMetadata: one entry of a session's video_history, metadata only (no video, no code).
 * JSON field names are the data model's.
 */
public record VideoMetadata(
        String jobId,
        String problemPreview,
        SubmissionType submissionType,
        Phase status,
        String createdAt,
        String deliveredAt,
        String platform,
        Double renderDurationSeconds,
        boolean hasAudioDescription,
        boolean keyboardNavigable,
        boolean screenReaderFriendly) {

    public static final int PREVIEW_CHARS = 50;
    /** Compiled once: previews are made for every submission. */
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    public static VideoMetadata of(VideoJob job) {
        var spec = job.getSpec();
        String content =
                spec.getSubmissionType() == SubmissionType.PROBLEM ? spec.getProblemText() : spec.getManimCode();
        Phase phase = job.getStatus() == null || job.getStatus().getPhase() == null
                ? Phase.QUEUED
                : job.getStatus().getPhase();
        String created = job.getMetadata().getCreationTimestamp() != null
                ? job.getMetadata().getCreationTimestamp()
                : Instant.now().toString();
        VideoFacts video = job.getStatus() == null ? null : job.getStatus().getVideo();
        return new VideoMetadata(
                job.getMetadata().getName(),
                preview(content),
                spec.getSubmissionType(),
                phase,
                created,
                null,
                spec.getPlatform().name().toLowerCase(),
                null,
                narrated(video),
                true,
                hasTranscript(video));
    }

    /** has_audio_description: the renderer spoke the captions into this video (not merely that it was asked). */
    public static boolean narrated(VideoFacts video) {
        return video != null && Boolean.TRUE.equals(video.getNarrated());
    }

    /**
     * screen_reader_friendly: a text transcript exists (sent with the video, shown under it on the page).
     * keyboard_navigable is always true: every video can be watched in the web page's player, which is.
     */
    public static boolean hasTranscript(VideoFacts video) {
        return video != null && video.getTranscriptKey() != null;
    }

    static String preview(String content) {
        String flat = content == null ? "" : WHITESPACE.matcher(content.strip()).replaceAll(" ");
        return flat.codePointCount(0, flat.length()) <= PREVIEW_CHARS
                ? flat
                : flat.substring(0, flat.offsetByCodePoints(0, PREVIEW_CHARS));
    }

    public JsonObject toJson() {
        JsonObject json = new JsonObject()
                .put("job_id", jobId)
                .put("problem_preview", problemPreview)
                .put("submission_type", submissionType == SubmissionType.PROBLEM ? "problem" : "direct_code")
                .put("status", status.wireName())
                .put("created_at", createdAt)
                .put("platform", platform)
                .put("has_audio_description", hasAudioDescription)
                .put("keyboard_navigable", keyboardNavigable)
                .put("screen_reader_friendly", screenReaderFriendly);
        if (deliveredAt != null) {
            json.put("delivered_at", deliveredAt);
        }
        if (renderDurationSeconds != null) {
            json.put("render_duration_seconds", renderDurationSeconds);
        }
        return json;
    }

    public static VideoMetadata fromJson(JsonObject json) {
        return new VideoMetadata(
                json.getString("job_id"),
                json.getString("problem_preview"),
                "problem".equals(json.getString("submission_type"))
                        ? SubmissionType.PROBLEM
                        : SubmissionType.DIRECT_CODE,
                Phase.fromWireName(json.getString("status")),
                json.getString("created_at"),
                json.getString("delivered_at"),
                json.getString("platform"),
                json.getDouble("render_duration_seconds"),
                json.getBoolean("has_audio_description", false),
                json.getBoolean("keyboard_navigable", true),
                json.getBoolean("screen_reader_friendly", false));
    }
}
