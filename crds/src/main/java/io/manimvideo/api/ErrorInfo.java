package io.manimvideo.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The last thing that went wrong, in words safe to show the person who sent the job. */
public class ErrorInfo {
    @JsonPropertyDescription(
            "Machine-readable cause, e.g. InvalidCode, RenderError, Timeout, ResourceLimit, UploadError, ProviderError, Infrastructure, QueueTimeout, Cancelled.")
    private String reason;

    @JsonPropertyDescription(
            "What went wrong, in plain words. Never contains file contents, environment values or credentials.")
    private String message;

    @JsonPropertyDescription("Line in the code the error points at, when known (1-based).")
    private Integer line;

    @JsonPropertyDescription("Column in the code the error points at, when known (1-based).")
    private Integer column;

    @JsonPropertyDescription("Attempt the error happened in (1-based).")
    private Integer attempt;

    public ErrorInfo() {}

    public ErrorInfo(String reason, String message, Integer line, Integer column, Integer attempt) {
        this.reason = reason;
        this.message = message;
        this.line = line;
        this.column = column;
        this.attempt = attempt;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
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
