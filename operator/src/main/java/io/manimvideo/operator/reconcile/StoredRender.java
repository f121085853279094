package io.manimvideo.operator.reconcile;

import io.manimvideo.api.VideoJob;
import io.manimvideo.api.workload.Outcome;
import io.manimvideo.api.workload.WorkloadResult;
import io.manimvideo.api.workload.WorkloadResultCodec;
import io.manimvideo.operator.outcome.JobOutcome;
import io.manimvideo.operator.storage.ArtifactStore;
import io.manimvideo.operator.storage.StorageLayout;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A render that finished and then lost its pod (deleted by an admin, evicted, its node gone) before its
 * termination message was read. The render pod stores its result beside the video once every upload is done; that
 * result, with the video of the size it states, is the attempt's outcome: the video is adopted, not rendered and
 * uploaded a second time.
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
                .filter(r -> r.outcome() == Outcome.OK && r.sizeBytes() != null);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        OptionalLong size = store.size(layout.video(vj.getSpec().getOptions().getFormat()));
        return size.isPresent() && size.getAsLong() == stored.get().sizeBytes()
                ? Optional.of(JobOutcome.succeeded(stored.get()))
                : Optional.empty();
    }
}
