package io.manimvideo.operator.reconcile;

import io.manimvideo.api.VideoJob;
import io.manimvideo.api.workload.Outcome;
import io.manimvideo.api.workload.WorkloadResult;
import io.manimvideo.api.workload.WorkloadResultCodec;
import io.manimvideo.operator.outcome.JobOutcome;
import io.manimvideo.operator.storage.ArtifactStore;
import io.manimvideo.operator.storage.StorageLayout;
import io.manimvideo.operator.storage.StoredObject;
import java.util.Optional;

/**
 * A render (or the join of a render in parts) that finished and then lost its pod (deleted by an admin, evicted, its
 * node gone) before its termination message was read. The render pod stores its result just before the video, naming the video by the MD5
 * of its bytes; the result is the attempt's outcome when the object at the video's key is that video: its ETag (the
 * MD5 of an object stored by one PUT on S3, R2 and S3Proxy) is the result's {@code videoMd5} and its size the
 * result's {@code sizeBytes}. The video is then adopted, not rendered and uploaded a second time. A video not stored
 * yet, another video at the key (even of the same size) or a result without an MD5 is not adopted: the step is
 * retried. On a store whose ETags are not MD5s (S3 with SSE-KMS) nothing is adopted, which costs a render, never a
 * wrong video.
 */
class StoredRender {
    private final ArtifactStore store;
    private final WorkloadResultCodec codec;

    StoredRender(ArtifactStore store, WorkloadResultCodec codec) {
        this.store = store;
        this.codec = codec;
    }

    /** The success attempt {@code attempt} stored, when its video is there as it says; otherwise empty. */
    Optional<JobOutcome> finished(VideoJob vj, int attempt) {
        StorageLayout layout = new StorageLayout(vj.getStatus().getStoragePrefix());
        Optional<WorkloadResult> stored = store.readText(layout.result(attempt))
                .flatMap(codec::parse)
                .filter(r -> r.outcome() == Outcome.OK && r.sizeBytes() != null && r.videoMd5() != null);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        WorkloadResult result = stored.get();
        return store.head(layout.video(vj.getSpec().getOptions().getFormat()))
                .filter(video -> isTheVideoOf(video, result))
                .map(video -> JobOutcome.succeeded(result));
    }

    private static boolean isTheVideoOf(StoredObject video, WorkloadResult result) {
        return video.sizeBytes() == result.sizeBytes() && result.videoMd5().equalsIgnoreCase(video.etag());
    }
}
