package io.manimvideo.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The last thing that went wrong: a machine {@link FailureReason} with its parameters, and the English sentence the
 * text catalog makes from them for kubectl users. Programs (the ingress) read the reason and parameters only.
 */
public class ErrorInfo {
    @JsonPropertyDescription(
            "Machine-readable cause: InvalidCode, RenderError, Timeout, ResourceLimit, MemoryLimit (the code is to blame);"
                    + " LayoutSevere, UploadError, ProviderError, SandboxUnavailable, Infrastructure, PodEvicted,"
                    + " DeadlineExceeded, PodOutOfMemory, NoResult, StepLost, CodeLost, QueueTimeout, UnsupportedSpec;"
                    + " ExplanationTooLong (the person must ask for a longer video);"
                    + " Unknown (a reason this version does not know).")
    private FailureReason reason;

    @JsonPropertyDescription(
            "What went wrong, in English, made from the reason and its parameters for kubectl users. Never contains"
                    + " file contents, environment values or credentials; programs read reason and the parameters.")
    private String message;

    @JsonPropertyDescription(
            "What the failing step itself reported (the code checker's or Manim's error, the layout findings), as it"
                    + " said it; not translated.")
    private String detail;

    @JsonPropertyDescription(
            "The time limit the job ran into, in seconds, when the reason is about one (QueueTimeout, DeadlineExceeded);"
                    + " for ExplanationTooLong, the video length the explanation needs.")
    private Long limit;

    @JsonPropertyDescription("What the reason is about: the step (codegen, render) or the spec fields not understood.")
    private String name;

    @JsonPropertyDescription("Line in the code the error points at, when known (1-based).")
    private Integer line;

    @JsonPropertyDescription("Column in the code the error points at, when known (1-based).")
    private Integer column;

    @JsonPropertyDescription("Attempt the error happened in (1-based).")
    private Integer attempt;

    public ErrorInfo() {}

    public ErrorInfo(FailureReason reason, Integer line, Integer column, Integer attempt) {
        this.reason = reason;
        this.line = line;
        this.column = column;
        this.attempt = attempt;
    }

    /** Only the reason and the attempt; parameters are added with the {@code with...} methods. */
    public static ErrorInfo of(FailureReason reason, Integer attempt) {
        return new ErrorInfo(reason, null, null, attempt);
    }

    /** The same error, in attempt {@code attempt}. */
    public ErrorInfo atAttempt(Integer attempt) {
        ErrorInfo copy = new ErrorInfo(reason, line, column, attempt);
        copy.message = message;
        copy.detail = detail;
        copy.limit = limit;
        copy.name = name;
        return copy;
    }

    public ErrorInfo withDetail(String detail) {
        this.detail = detail;
        return this;
    }

    public ErrorInfo withLimit(Long limit) {
        this.limit = limit;
        return this;
    }

    public ErrorInfo withName(String name) {
        this.name = name;
        return this;
    }

    public ErrorInfo withMessage(String message) {
        this.message = message;
        return this;
    }

    public FailureReason getReason() {
        return reason;
    }

    public void setReason(FailureReason reason) {
        this.reason = reason;
    }

    public String getDetail() {
        return detail;
    }

    public void setDetail(String detail) {
        this.detail = detail;
    }

    public Long getLimit() {
        return limit;
    }

    public void setLimit(Long limit) {
        this.limit = limit;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public Integer getLine() {
        return line;
    }

    public void setLine(Integer line) {
        this.line = line;
    }

    public Integer getColumn() {
        return column;
    }

    public void setColumn(Integer column) {
        this.column = column;
    }

    public Integer getAttempt() {
        return attempt;
    }

    public void setAttempt(Integer attempt) {
        this.attempt = attempt;
    }
}
