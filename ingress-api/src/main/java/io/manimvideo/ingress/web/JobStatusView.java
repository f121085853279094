package io.manimvideo.ingress.web;

import io.manimvideo.api.ErrorInfo;
import io.manimvideo.api.Phase;
import io.manimvideo.api.SubmissionType;
import io.manimvideo.api.VideoJob;
import io.manimvideo.api.VideoJobStatus;
import io.manimvideo.ingress.jobs.FailureWording;
import io.manimvideo.ingress.notify.PhaseOrder;
import io.vertx.core.json.JsonObject;

/**
 * A VideoJob as the web API shows it (the contract's JobStatus, the data model's ProcessingJob field names).
 * Never carries the code, storage keys or anything from the spec beyond its kind and options.
 */
public final class JobStatusView {
    private JobStatusView() {}

    public static JsonObject of(VideoJob job) {
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
            return json.put("status_message", "Waiting to be processed.");
        }
        putIf(json, "status_message", status.getMessage());
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
            json.put("description", VideoDescription.of(job));
        }
        ErrorInfo error = status.getLastError();
        if (error != null && phase == Phase.FAILED) {
            JsonObject e = new JsonObject();
            putIf(e, "reason", error.getReason());
            // for people, the line said once (the operator's message may repeat it); line and column are for programs
            putIf(
                    e,
                    "message",
                    error.getMessage() == null ? null : FailureWording.of(error.getMessage(), error.getLine()));
            putIf(e, "line", error.getLine());
            putIf(e, "column", error.getColumn());
            putIf(e, "attempt", error.getAttempt());
            json.put("last_error", e);
        }
        return json;
    }

    private static void putIf(JsonObject json, String key, Object value) {
        if (value != null) {
            json.put(key, value);
        }
    }
}
