package io.manimvideo.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Where the code that was (or is being) rendered lives, and how to recognise it. */
public class CodeRef {
    /** Who wrote the code. */
    public enum Source {
        @JsonProperty("user")
        USER,
        @JsonProperty("ai")
        AI,
        @JsonProperty("explainer")
        EXPLAINER,
        @JsonProperty("degraded")
        DEGRADED
    }

    @JsonPropertyDescription(
            "Who wrote the code: user (direct code), ai, explainer (the offline explainer worked the problem out with SymPy when no AI provider wrote valid code), or degraded (the fallback scene that only shows the problem).")
    private Source source;

    @JsonPropertyDescription("sha256 of the code as stored, hex.")
    private String sha256;

    @JsonPropertyDescription(
            "Object key of the code in the job's storage prefix; fetch it with any S3 client that has read access to the bucket.")
    private String objectKey;

    @JsonPropertyDescription("Size of the code in bytes.")
    private Long sizeBytes;

    public CodeRef() {}

    public CodeRef(Source source, String sha256, String objectKey, Long sizeBytes) {
        this.source = source;
        this.sha256 = sha256;
        this.objectKey = objectKey;
        this.sizeBytes = sizeBytes;
    }

    public Source getSource() {
        return source;
    }

    public void setSource(Source source) {
        this.source = source;
    }

    public String getSha256() {
        return sha256;
    }

    public void setSha256(String sha256) {
        this.sha256 = sha256;
    }

    public String getObjectKey() {
        return objectKey;
    }

    public void setObjectKey(String objectKey) {
        this.objectKey = objectKey;
    }

    public Long getSizeBytes() {
        return sizeBytes;
    }

    public void setSizeBytes(Long sizeBytes) {
        this.sizeBytes = sizeBytes;
    }
}
