package io.manimvideo.operator.storage;

import io.manimvideo.api.VideoFormat;
import io.manimvideo.api.VideoJob;

/** Object keys of one VideoJob (docs/design-notes.md, "Storage layout"): the one place they are spelled. */
public record StorageLayout(String prefix) {

    public static StorageLayout of(VideoJob vj) {
        return new StorageLayout("videojobs/" + vj.getMetadata().getNamespace() + "/"
                + vj.getMetadata().getName() + "/" + vj.getMetadata().getUid() + "/");
    }

    public String code(int attempt) {
        return prefix + "code/attempt-" + attempt + ".py";
    }

    public String progress(int attempt) {
        return prefix + "progress/attempt-" + attempt + ".json";
    }

    /**
     * The result a render stored beside its video once every upload was done: the proof that attempt
     * {@code attempt} finished when its pod is gone before its termination message was read.
     */
    public String result(int attempt) {
        return prefix + "result/attempt-" + attempt + ".json";
    }

    /** The log tail of child Job {@code childJobName}'s pod. */
    public String log(String childJobName) {
        return prefix + "logs/" + childJobName + ".txt";
    }

    /**
     * The log tail of part {@code index} (from 0) of the render in parts {@code partsJobName}: each part its own, as
     * its pods run at once (named as the Job controller names the index's pods, {@code <job>-<index>-...}).
     */
    public String partLog(String partsJobName, int index) {
        return log(partsJobName + "-" + index);
    }

    public String video(VideoFormat format) {
        return prefix + "video." + format.extension();
    }

    public String thumbnail() {
        return prefix + "thumbnail.png";
    }

    public String captions() {
        return prefix + "captions.vtt";
    }

    public String transcript() {
        return prefix + "transcript.txt";
    }

    /** Part {@code index} (from 0) of a render split into parts: its video, before the join. */
    public String partVideo(int attempt, int index, VideoFormat format) {
        return prefix + "parts/attempt-" + attempt + "/part-" + index + "." + format.extension();
    }

    /** What the join needs of part {@code index} besides its video: its length and captions (JSON). */
    public String partResult(int attempt, int index) {
        return prefix + "parts/attempt-" + attempt + "/part-" + index + ".json";
    }

    /** The progress of part {@code index}, a progress event like {@link #progress}'s. */
    public String partProgress(int attempt, int index) {
        return prefix + "progress/attempt-" + attempt + "-part-" + index + ".json";
    }
}
