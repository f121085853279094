package io.manimvideo.operator.reconcile;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.manimvideo.api.VideoJob;

/** Asks the API server, not the informer cache (which can lag behind a bulk deletion), about a VideoJob. */
final class LiveVideoJob {
    private LiveVideoJob() {}

    /** {@code vj} is gone (or replaced by a new one of the same name) or being deleted, as the API server says now. */
    static boolean beingDeletedOrGone(KubernetesClient client, VideoJob vj) {
        VideoJob now = client.resources(VideoJob.class)
                .inNamespace(vj.getMetadata().getNamespace())
                .withName(vj.getMetadata().getName())
                .get();
        return now == null
                || now.getMetadata().getDeletionTimestamp() != null
                || !now.getMetadata().getUid().equals(vj.getMetadata().getUid());
    }
}
