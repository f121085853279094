package io.manimvideo.ingress.notify;

import io.manimvideo.api.VideoFacts;
import io.manimvideo.api.VideoJob;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;

/**
 * The small text files the renderer stores beside a video (WebVTT captions, the transcript), read with
 * the ingress's storage credentials: the page gets them from our own origin (a {@code <track>} and a
 * {@code fetch} need no CORS then) and the bots send the transcript as text. Empty when the video has none.
 */
public final class StoredTexts {
    /** Above what the renderer writes (300 cues of 500 characters); a bigger object is cut here. */
    static final int MAX_BYTES = 512 * 1024;

    private final Vertx vertx;
    private final MinioClient storage;
    private final String bucket;

    public StoredTexts(Vertx vertx, MinioClient storage, String bucket) {
        this.vertx = vertx;
        this.storage = storage;
        this.bucket = bucket;
    }

    public Future<Optional<String>> captions(VideoJob job) {
        return read(job, VideoFacts::getCaptionsKey);
    }

    public Future<Optional<String>> transcript(VideoJob job) {
        return read(job, VideoFacts::getTranscriptKey);
    }

    private Future<Optional<String>> read(VideoJob job, Function<VideoFacts, String> key) {
        VideoFacts video = job.getStatus() == null ? null : job.getStatus().getVideo();
        if (video == null || Boolean.TRUE.equals(video.getDeleted()) || key.apply(video) == null) {
            return Future.succeededFuture(Optional.empty());
        }
        String object = key.apply(video);
        return vertx.executeBlocking(
                () -> {
                    try (InputStream in = storage.getObject(GetObjectArgs.builder()
                            .bucket(bucket)
                            .object(object)
                            .build())) {
                        return Optional.of(new String(in.readNBytes(MAX_BYTES), StandardCharsets.UTF_8));
                    }
                },
                false);
    }
}
