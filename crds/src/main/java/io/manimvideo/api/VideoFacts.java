package io.manimvideo.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The finished video as stored. The object is deleted after delivery or at TTL; these facts stay. */
public class VideoFacts {
    @JsonPropertyDescription("Object key of the video in the bucket.")
    private String objectKey;

    @JsonPropertyDescription("Object key of the thumbnail (PNG), if one was made.")
    private String thumbnailKey;

    @JsonPropertyDescription("Object key of the WebVTT subtitles (from the scene's subcaptions), if the scene had any.")
    private String captionsKey;

    @JsonPropertyDescription("Object key of the plain-text transcript (the same subtitles, one per line), if any.")
    private String transcriptKey;

    @JsonPropertyDescription("True when audio description was asked for and the subtitles were spoken into the video.")
    private Boolean narrated;

    @JsonPropertyDescription("Size of the video in bytes.")
    private Long sizeBytes;

    @JsonPropertyDescription("Length of the video in seconds.")
    private Double durationSeconds;

    @JsonPropertyDescription("Container format: mp4 or webm.")
    private VideoFormat format;

    @JsonPropertyDescription("Frame width in pixels.")
    private Integer width;

    @JsonPropertyDescription("Frame height in pixels.")
    private Integer height;

    @JsonPropertyDescription(
            "True once the object has been deleted from storage (after delivery grace, expiry or cancellation).")
    private Boolean deleted;

    public String getObjectKey() {
        return objectKey;
    }

    public void setObjectKey(String objectKey) {
        this.objectKey = objectKey;
    }

    public String getCaptionsKey() {
        return captionsKey;
    }

    public void setCaptionsKey(String captionsKey) {
        this.captionsKey = captionsKey;
    }

    public String getTranscriptKey() {
        return transcriptKey;
    }

    public void setTranscriptKey(String transcriptKey) {
        this.transcriptKey = transcriptKey;
    }

    public Boolean getNarrated() {
        return narrated;
    }

    public void setNarrated(Boolean narrated) {
        this.narrated = narrated;
    }

    public String getThumbnailKey() {
        return thumbnailKey;
    }

    public void setThumbnailKey(String thumbnailKey) {
        this.thumbnailKey = thumbnailKey;
    }

    public Long getSizeBytes() {
        return sizeBytes;
    }

    public void setSizeBytes(Long sizeBytes) {
        this.sizeBytes = sizeBytes;
    }

    public Double getDurationSeconds() {
        return durationSeconds;
    }

    public void setDurationSeconds(Double durationSeconds) {
        this.durationSeconds = durationSeconds;
    }

    public VideoFormat getFormat() {
        return format;
    }

    public void setFormat(VideoFormat format) {
        this.format = format;
    }

    public Integer getWidth() {
        return width;
    }

    public void setWidth(Integer width) {
        this.width = width;
    }

    public Integer getHeight() {
        return height;
    }

    public void setHeight(Integer height) {
        this.height = height;
    }

    public Boolean getDeleted() {
        return deleted;
    }

    public void setDeleted(Boolean deleted) {
        this.deleted = deleted;
    }
}
