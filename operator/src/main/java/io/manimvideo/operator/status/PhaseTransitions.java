package io.manimvideo.operator.status;

import io.manimvideo.api.CodeRef;
import io.manimvideo.api.ErrorInfo;
import io.manimvideo.api.FailureReason;
import io.manimvideo.api.MathVerified;
import io.manimvideo.api.Phase;
import io.manimvideo.api.VideoFacts;
import io.manimvideo.api.VideoJob;
import io.manimvideo.api.VideoJobStatus;
import io.manimvideo.api.texts.Text;
import io.manimvideo.api.workload.WorkloadResult;
import io.manimvideo.operator.workload.RenderProgress;
import io.manimvideo.operator.workload.Workload;
import io.manimvideo.operator.workload.Workload.ChildJob;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Every change to one VideoJob's status during one reconcile: each method is a transition (queued, started,
 * progressed, code written, ready, failed, delivered, expired, ...) and this class is the only code that sets
 * status fields and conditions. It keeps the message and the Ready and Failed conditions true at every step
 * and remembers each phase change for events and metrics. Callers decide; deadlines come from the lifecycle
 * policy, which owns the TTLs.
 */
public class PhaseTransitions {
    /** One phase change: the phase entered, the child Job it concerns (if any), the machine reason and why. */
    public record Transition(Phase phase, String step, String reason, String message) {}

    private final VideoJob vj;
    private final Instant now;
    private final StatusWords words;
    private final List<Transition> transitions = new ArrayList<>();

    public PhaseTransitions(VideoJob vj, Instant now, StatusWords words) {
        this.vj = vj;
        this.now = now;
        this.words = words;
    }

    /** The English sentence of an error, for status messages that name it. */
    public String describe(ErrorInfo error) {
        return words.of(error);
    }

    /** An English status sentence from the catalog. */
    public String say(Text text) {
        return words.say(text);
    }

    public Instant now() {
        return now;
    }

    /** The status, to read; change it only through the transitions below. */
    public VideoJobStatus status() {
        return vj.getStatus();
    }

    public List<Transition> transitions() {
        return transitions;
    }

    /** The status describes the spec as of its current generation. */
    public void observed() {
        status().setObservedGeneration(vj.getMetadata().getGeneration());
    }

    /** First sight: when the operator saw the job, where its objects go; no attempt yet. */
    public void firstSeen(String storagePrefix) {
        VideoJobStatus s = status();
        s.setCreatedAt(now.toString());
        s.setStoragePrefix(storagePrefix);
        s.setAttempts(0);
    }

    /** Waits for child Job {@code jobName} to start, at most until {@code deadline} (QUEUED_TTL). */
    public void queued(String jobName, String message, Instant deadline) {
        status().setActiveJob(jobName);
        status().setExpiresAt(deadline.toString());
        enter(Phase.QUEUED, message);
    }

    /** Waits in line for a render slot. */
    public void waitingForSlot(int position) {
        status().setQueuePosition(position);
        enter(Phase.QUEUED, words.say(Text.of("operator.waitingForSlot", "position", position)));
    }

    /** A newer child Job than the status names exists (a status written before a restart trails the Jobs). */
    public void followed(String jobName) {
        status().setActiveJob(jobName);
    }

    /** The person's own code is stored, ready to render. */
    public void codeStored(CodeRef code) {
        status().setCode(code);
    }

    /** Child Job {@code step} was created (or found running after a restart): AIGenerating or CodeValidating. */
    public void started(ChildJob step) {
        VideoJobStatus s = status();
        s.setAttempts(Math.max(s.getAttempts() == null ? 0 : s.getAttempts(), step.attempt()));
        s.setQueuePosition(null);
        s.setExpiresAt(null);
        if (s.getStartedAt() == null) {
            s.setStartedAt(now.toString());
        }
        if (step.workload() == Workload.CODEGEN) {
            enter(Phase.AI_GENERATING, words.say(Text.of("operator.writingCode", "attempt", step.attempt())));
        } else {
            s.setProgress(0);
            s.setParts(null); // a new render: on one pod until its plan says otherwise
            enter(Phase.CODE_VALIDATING, checking(step.attempt()));
        }
    }

    /**
     * The render pod planned the scene in {@code parts} parts and their Indexed Job {@code step} was created:
     * Rendering, its progress from now on over all parts.
     */
    public void renderingInParts(ChildJob step, int parts) {
        inParts(step, parts, 0, "operator.renderingInParts");
    }

    /** Every part is rendered; Job {@code step} joins them into the one video. */
    public void joiningParts(ChildJob step, int parts) {
        inParts(step, parts, 99, "operator.joiningParts");
    }

    private void inParts(ChildJob step, int parts, int progress, String text) {
        VideoJobStatus s = status();
        s.setActiveJob(step.name());
        s.setParts(parts);
        s.setProgress(progress);
        enter(Phase.RENDERING, words.say(Text.of(text, "parts", parts)));
    }

    /** The render pod reported its stage: CodeValidating, Rendering (with its percent) or Uploading. */
    public void progressed(RenderProgress progress, int attempt) {
        status().setProgress(progress.percent());
        switch (progress.phase()) {
            case RENDERING -> rendering(progress.percent());
            case UPLOADING -> uploading();
            default -> enter(progress.phase(), checking(attempt));
        }
    }

    /** Rendering, {@code percent} done. */
    public void rendering(int percent) {
        status().setProgress(percent);
        enter(Phase.RENDERING, words.say(Text.of("operator.rendering", "percent", percent)));
    }

    /** Rendering → Uploading: the only way into Uploading. */
    public void uploading() {
        enter(Phase.UPLOADING, words.say(Text.of("operator.uploading")));
    }

    /** Codegen wrote {@code code}: who wrote it and how. */
    public void codeWritten(CodeRef code, WorkloadResult result) {
        VideoJobStatus s = status();
        s.setCode(code);
        s.setMathVerified(result.mathVerified() == null ? MathVerified.UNKNOWN : result.mathVerified());
        s.setAiProvider(result.provider());
        s.setAiModel(result.model());
        s.setAiTruncatedCalls(result.truncatedCalls());
        s.setGracefulDegradationUsed(result.isDegraded());
        s.setRepairs(result.repairs());
    }

    /** The render finished: how long it took and what it repaired in the code. */
    public void rendered(WorkloadResult result) {
        status().setRenderDurationSeconds(result.renderSeconds());
        if (result.repairs() != null) {
            status().setRepairs(result.repairs());
        }
    }

    /** The video is kept with its code while the AI is asked to fix its layout ({@code findings}). */
    public void layoutRepairAsked(VideoFacts video, List<String> layoutWarnings, ErrorInfo findings) {
        VideoJobStatus s = status();
        findings.setMessage(words.of(findings));
        s.setVideo(video);
        s.setLayoutWarnings(layoutWarnings);
        s.setKeptVideoCode(s.getCode());
        s.setLastError(findings);
    }

    /** The last attempt failed with {@code error}; another one follows. */
    public void retrying(ErrorInfo error) {
        error.setMessage(words.of(error));
        status().setLastError(error);
    }

    /** The layout repair did not work: the code of the kept video is the code of the video delivered. */
    public void keptVideoRestored() {
        status().setCode(status().getKeptVideoCode());
    }

    /** Ready: {@code video} can be fetched until {@code deadline} (READY_TTL). */
    public void ready(VideoFacts video, List<String> layoutWarnings, String message, Instant deadline) {
        VideoJobStatus s = status();
        s.setKeptVideoCode(null);
        s.setLayoutWarnings(layoutWarnings);
        s.setVideo(video);
        s.setActiveJob(null);
        s.setQueuePosition(null);
        s.setProgress(100);
        s.setReadyAt(now.toString());
        s.setCompletedAt(now.toString());
        s.setExpiresAt(deadline.toString());
        enter(Phase.READY, "VideoReady", message);
    }

    /** Failed with {@code error}; the record is kept until {@code deadline} (FAILED_RECORD_TTL). */
    public void failed(ErrorInfo error, Instant deadline) {
        VideoJobStatus s = status();
        error.setMessage(words.of(error));
        s.setLastError(error);
        s.setActiveJob(null);
        s.setQueuePosition(null);
        s.setCompletedAt(now.toString());
        s.setExpiresAt(deadline.toString());
        // after several attempts kubectl users are told so; the reason is the last attempt's
        int attempts = error.getAttempt() == null ? 0 : error.getAttempt();
        enter(
                Phase.FAILED,
                (error.getReason() == null ? FailureReason.UNKNOWN : error.getReason()).wireName(),
                attempts > 1
                        ? words.say(Text.of("operator.gaveUp", "attempts", attempts, "error", error.getMessage()))
                        : error.getMessage());
    }

    /** The person has the video; the record is kept until {@code deadline} (DELIVERED_RECORD_TTL). */
    public void delivered(Instant deadline) {
        status().setDeliveredAt(now.toString());
        status().setExpiresAt(deadline.toString());
        enter(Phase.DELIVERED, "Delivered", words.say(Text.of("operator.delivered")));
    }

    /** Not collected in time (the video is gone); the record is kept until {@code deadline} (EXPIRED_RECORD_TTL). */
    public void expired(String message, Instant deadline) {
        status().setExpiresAt(deadline.toString());
        enter(Phase.EXPIRED, "Expired", message);
    }

    /** The video's objects were deleted from storage. */
    public void videoDeleted() {
        status().getVideo().setDeleted(true);
    }

    /** The phase as it is spelled in the CRD: {@code AIGenerating}, {@code CodeValidating}. */
    public static String reasonOf(Phase phase) {
        StringBuilder reason = new StringBuilder();
        for (String part : phase.wireName().split("_")) {
            reason.append(part.equals("ai") ? "AI" : Character.toUpperCase(part.charAt(0)) + part.substring(1));
        }
        return reason.toString();
    }

    private String checking(int attempt) {
        return words.say(Text.of("operator.checking", "attempt", attempt));
    }

    private void enter(Phase phase, String message) {
        enter(phase, reasonOf(phase), message);
    }

    /** Enters {@code phase} (or only refreshes the message when already there). */
    private void enter(Phase phase, String reason, String message) {
        VideoJobStatus status = status();
        boolean changed = status.getPhase() != phase;
        status.setPhase(phase);
        status.setMessage(message);
        Conditions.describe(vj, phase, reason, message, words.say(Text.of("operator.noFailure")), now);
        if (changed) {
            // events name the phase, and for a failure its machine reason
            transitions.add(new Transition(
                    phase,
                    phase == Phase.QUEUED || phase.isActive() ? status.getActiveJob() : null,
                    phase == Phase.FAILED ? reason : reasonOf(phase),
                    message));
        }
    }
}
