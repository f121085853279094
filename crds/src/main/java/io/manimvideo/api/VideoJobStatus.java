package io.manimvideo.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** Written only by the operator. Timestamps are RFC 3339 UTC. */
public class VideoJobStatus extends UnknownFields {
    /** First attempt plus the data model's three retries. */
    public static final int MAX_ATTEMPTS = 4;

    @JsonPropertyDescription(
            "Where the job is: Queued, AIGenerating, CodeValidating, Rendering, Uploading, Ready, Delivered, Failed or Expired.")
    private Phase phase;

    @JsonPropertyDescription("What is happening, in plain words.")
    private String message;

    @JsonPropertyDescription("Ready (a video is available) and Failed, each with a reason; kept true at every step.")
    private List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription("metadata.generation of the spec this status describes.")
    private Long observedGeneration;

    @JsonPropertyDescription("Attempts started so far: the first plus retries (at most 3 retries, so at most 4).")
    @Min(0)
    @Max(MAX_ATTEMPTS)
    private Integer attempts;

    @JsonPropertyDescription("Name of the child Job working on this VideoJob now, if any.")
    private String activeJob;

    @JsonPropertyDescription(
            "AI provider whose code was rendered (cloudflare, groq, huggingface, openai, ...), or offline-explainer.")
    private String aiProvider;

    @JsonPropertyDescription("Model of that provider.")
    private String aiModel;

    @JsonPropertyDescription(
            "Extra calls to that provider because its answer was cut off before its end (each asked for the whole scene again, shorter); absent when there was none.")
    @Min(1)
    private Integer aiTruncatedCalls;

    @JsonPropertyDescription(
            "Whether the result the video states was checked with SymPy: true (equal to the result worked out offline), false (not equal), unknown (not a kind of problem the offline explainer solves, direct code, or no readable result).")
    private MathVerified mathVerified;

    @JsonPropertyDescription(
            "The code that was rendered (or is being rendered): who wrote it, its digest and where to fetch it.")
    private CodeRef code;

    @JsonPropertyDescription(
            "Known mistakes that were fixed in the code before validation, e.g. 'ShowCreation -> Create (line 7)'.")
    private List<String> repairs;

    @JsonPropertyDescription(
            "Layout warnings from the render, with the line of the play() call: text partly outside the frame, or texts on top of each other.")
    private List<String> layoutWarnings;

    @JsonPropertyDescription(
            "While AI code is asked to fix severe layout findings: the code of the video already made (status.video), which is delivered if the fix does not render.")
    private CodeRef keptVideoCode;

    @JsonPropertyDescription("When the job was first seen by the operator.")
    private String createdAt;

    @JsonPropertyDescription("When the first child Job was started.")
    private String startedAt;

    @JsonPropertyDescription("When the job reached Ready or Failed.")
    private String completedAt;

    @JsonPropertyDescription("When the video became available.")
    private String readyAt;

    @JsonPropertyDescription("When the client reported delivery.")
    private String deliveredAt;

    @JsonPropertyDescription(
            "When the current phase's TTL runs out and the job moves on (Queued: fails; Ready: expires; Delivered, Failed, Expired: the record is deleted).")
    private String expiresAt;

    @JsonPropertyDescription("The finished video: object key, size, duration, format.")
    private VideoFacts video;

    @JsonPropertyDescription("Wall time of the render step, in seconds.")
    private Double renderDurationSeconds;

    @JsonPropertyDescription(
            "The last error: a machine reason with its parameters (line, column, limit, name, detail) and an English"
                    + " message made from them for kubectl users.")
    private ErrorInfo lastError;

    @JsonPropertyDescription(
            "True when every AI provider failed and the video presents the problem without an AI explanation.")
    private Boolean gracefulDegradationUsed;

    @JsonPropertyDescription("Progress of the current render, 0 to 100.")
    @Min(0)
    @Max(100)
    private Integer progress;

    @JsonPropertyDescription("Parts the current render is split into, each rendered by its own pod of one Indexed Job"
            + " and then joined; absent for a render on one pod. progress is over all parts.")
    @Min(1)
    private Integer parts;

    @JsonPropertyDescription("Place in the render queue while Queued and waiting for a render slot (1 = next).")
    private Integer queuePosition;

    @JsonPropertyDescription(
            "Storage prefix under which every object of this job is kept; all of it is removed on deletion.")
    private String storagePrefix;

    public Phase getPhase() {
        return phase;
    }

    public void setPhase(Phase phase) {
        this.phase = phase;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public Integer getAttempts() {
        return attempts;
    }

    public void setAttempts(Integer attempts) {
        this.attempts = attempts;
    }

    public String getActiveJob() {
        return activeJob;
    }

    public void setActiveJob(String activeJob) {
        this.activeJob = activeJob;
    }

    public String getAiProvider() {
        return aiProvider;
    }

    public void setAiProvider(String aiProvider) {
        this.aiProvider = aiProvider;
    }

    public String getAiModel() {
        return aiModel;
    }

    public void setAiModel(String aiModel) {
        this.aiModel = aiModel;
    }

    public Integer getAiTruncatedCalls() {
        return aiTruncatedCalls;
    }

    public void setAiTruncatedCalls(Integer aiTruncatedCalls) {
        this.aiTruncatedCalls = aiTruncatedCalls;
    }

    public MathVerified getMathVerified() {
        return mathVerified;
    }

    public void setMathVerified(MathVerified mathVerified) {
        this.mathVerified = mathVerified;
    }

    public CodeRef getCode() {
        return code;
    }

    public void setCode(CodeRef code) {
        this.code = code;
    }

    public List<String> getRepairs() {
        return repairs;
    }

    public void setRepairs(List<String> repairs) {
        this.repairs = repairs;
    }

    public List<String> getLayoutWarnings() {
        return layoutWarnings;
    }

    public void setLayoutWarnings(List<String> layoutWarnings) {
        this.layoutWarnings = layoutWarnings;
    }

    public CodeRef getKeptVideoCode() {
        return keptVideoCode;
    }

    public void setKeptVideoCode(CodeRef keptVideoCode) {
        this.keptVideoCode = keptVideoCode;
    }

    public String getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(String createdAt) {
        this.createdAt = createdAt;
    }

    public String getStartedAt() {
        return startedAt;
    }

    public void setStartedAt(String startedAt) {
        this.startedAt = startedAt;
    }

    public String getCompletedAt() {
        return completedAt;
    }

    public void setCompletedAt(String completedAt) {
        this.completedAt = completedAt;
    }

    public String getReadyAt() {
        return readyAt;
    }

    public void setReadyAt(String readyAt) {
        this.readyAt = readyAt;
    }

    public String getDeliveredAt() {
        return deliveredAt;
    }

    public void setDeliveredAt(String deliveredAt) {
        this.deliveredAt = deliveredAt;
    }

    public String getExpiresAt() {
        return expiresAt;
    }

    public void setExpiresAt(String expiresAt) {
        this.expiresAt = expiresAt;
    }

    public VideoFacts getVideo() {
        return video;
    }

    public void setVideo(VideoFacts video) {
        this.video = video;
    }

    public Double getRenderDurationSeconds() {
        return renderDurationSeconds;
    }

    public void setRenderDurationSeconds(Double renderDurationSeconds) {
        this.renderDurationSeconds = renderDurationSeconds;
    }

    public ErrorInfo getLastError() {
        return lastError;
    }

    public void setLastError(ErrorInfo lastError) {
        this.lastError = lastError;
    }

    public Boolean getGracefulDegradationUsed() {
        return gracefulDegradationUsed;
    }

    public void setGracefulDegradationUsed(Boolean gracefulDegradationUsed) {
        this.gracefulDegradationUsed = gracefulDegradationUsed;
    }

    public Integer getProgress() {
        return progress;
    }

    public void setProgress(Integer progress) {
        this.progress = progress;
    }

    public Integer getParts() {
        return parts;
    }

    public void setParts(Integer parts) {
        this.parts = parts;
    }

    public Integer getQueuePosition() {
        return queuePosition;
    }

    public void setQueuePosition(Integer queuePosition) {
        this.queuePosition = queuePosition;
    }

    public String getStoragePrefix() {
        return storagePrefix;
    }

    public void setStoragePrefix(String storagePrefix) {
        this.storagePrefix = storagePrefix;
    }
}
