package io.manimvideo.ingress.web;

import io.manimvideo.api.ErrorInfo;
import io.manimvideo.api.Phase;
import io.manimvideo.api.SubmissionType;
import io.manimvideo.api.VideoJob;
import io.manimvideo.api.VideoJobStatus;
import io.manimvideo.api.texts.FailureTexts;
import io.manimvideo.api.texts.TextCatalog;
import io.manimvideo.api.texts.Texts;
import io.manimvideo.ingress.notify.PhaseOrder;
import io.vertx.core.json.JsonObject;

/**
 * A VideoJob as the web API shows it (the contract's JobStatus, the data model's ProcessingJob field names), its
 * words in the person's language: the status message comes from the phase (and progress), the error's message from
 * its reason and parameters; the operator's English {@code status.message} is for kubectl. Never carries the code,
 * storage keys or anything from the spec beyond its kind and options.
 */
public final class JobStatusView {
    private final TextCatalog catalog;

    public JobStatusView(TextCatalog catalog) {
        this.catalog = catalog;
    }

    /** The job for a person whose language tag is {@code languageTag}. */
    public JsonObject of(VideoJob job, String languageTag) {
        Texts texts = catalog.forTag(languageTag);
        VideoJobStatus status = job.getStatus();
        Phase phase = status == null || status.getPhase() == null ? Phase.QUEUED : status.getPhase();
        String name = job.getMetadata().getName();
        JsonObject json = new JsonObject()
                .put("job_id", name)
                .put("status", phase.wireName())
                .put(
                        "submission_type",
                        job.getSpec().getSubmissionType() == SubmissionType.PROBLEM ? "problem" : "direct_code")
                .put("platform", job.getSpec().getPlatform().name().toLowerCase())
                .put(
                        "created_at",
                        status != null && status.getCreatedAt() != null
                                ? status.getCreatedAt()
                                : job.getMetadata().getCreationTimestamp());
        json.put("order", PhaseOrder.key(job));
        if (status == null) {
            return json.put("status_message", texts.say("progress.queued"));
        }
        json.put("status_message", statusMessage(texts, status, phase));
        putIf(json, "started_at", status.getStartedAt());
        putIf(json, "completed_at", status.getCompletedAt());
        putIf(json, "delivered_at", status.getDeliveredAt());
        putIf(json, "expires_at", status.getExpiresAt());
        putIf(json, "progress", status.getProgress());
        putIf(json, "queue_position", status.getQueuePosition());
        if (status.getAttempts() != null && status.getAttempts() > 0) {
            json.put("retry_count", Math.min(3, status.getAttempts() - 1));
        }
        putIf(json, "ai_provider_used", status.getAiProvider());
        putIf(json, "render_duration_seconds", status.getRenderDurationSeconds());
        putIf(json, "graceful_degradation_used", status.getGracefulDegradationUsed());
        if (status.getVideo() != null) {
            putIf(json, "video_size_bytes", status.getVideo().getSizeBytes());
            putIf(json, "video_duration_seconds", status.getVideo().getDurationSeconds());
            boolean available = (phase == Phase.READY || phase == Phase.DELIVERED)
                    && !Boolean.TRUE.equals(status.getVideo().getDeleted());
            if (available) {
                json.put("video_url", "/api/v1/jobs/" + name + "/video");
                if (status.getVideo().getCaptionsKey() != null) {
                    json.put("captions_url", "/api/v1/jobs/" + name + "/captions");
                }
                if (status.getVideo().getTranscriptKey() != null) {
                    json.put("transcript_url", "/api/v1/jobs/" + name + "/transcript");
                }
            }
        }
        if (phase == Phase.READY || phase == Phase.DELIVERED) {
            json.put("description", VideoDescription.of(job, texts));
        }
        ErrorInfo error = status.getLastError();
        if (error != null && phase == Phase.FAILED) {
            JsonObject e = new JsonObject();
            putIf(
                    e,
                    "reason",
                    error.getReason() == null ? null : error.getReason().wireName());
            putIf(e, "message", texts.say(FailureTexts.forPerson(error)));
            putIf(e, "line", error.getLine());
            putIf(e, "column", error.getColumn());
            putIf(e, "attempt", error.getAttempt());
            json.put("last_error", e);
        }
        return json;
    }

    private static String statusMessage(Texts texts, VideoJobStatus status, Phase phase) {
        if (phase == Phase.FAILED && status.getLastError() != null) {
            return texts.say(FailureTexts.forPerson(status.getLastError()));
        }
        if (phase == Phase.QUEUED && status.getQueuePosition() != null) {
            return texts.say("progress.queuePosition", "position", status.getQueuePosition());
        }
        if (phase == Phase.RENDERING && status.getProgress() != null) {
            return texts.say("progress.renderingPercent", "percent", status.getProgress());
        }
        return texts.say("progress." + phase.wireName());
    }

    private static void putIf(JsonObject json, String key, Object value) {
        if (value != null) {
            json.put(key, value);
        }
    }
}
