package io.manimvideo.ingress.testsupport;

import io.manimvideo.api.VideoFacts;
import io.manimvideo.api.VideoFormat;

/** The facts the operator records for a rendered MP4, as tests put them into a Ready job's status. */
public final class RenderedVideos {
    /** Small enough for every platform's video message. */
    public static final long SIZE_BYTES = 3_000_000L;

    private RenderedVideos() {}

    /** The video of {@code jobName} under the operator's key layout. */
    public static VideoFacts of(String jobName) {
        return at("videojobs/videos/" + jobName + "/uid/video.mp4", SIZE_BYTES);
    }

    /** A video stored at {@code objectKey} (tests that upload the file themselves), of {@code sizeBytes}. */
    public static VideoFacts at(String objectKey, long sizeBytes) {
        VideoFacts video = new VideoFacts();
        video.setObjectKey(objectKey);
        video.setSizeBytes(sizeBytes);
        video.setFormat(VideoFormat.MP4);
        video.setDurationSeconds(8.0);
        return video;
    }
}
