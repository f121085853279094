package io.manimvideo.operator.reconcile;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.manimvideo.api.VideoJob;

/** Creates a VideoJob's child Job (one that exists already is adopted). */
interface JobCreator {
    void create(VideoJob vj, Job job);

    /**
     * The API server (not the cache, which can lag behind a bulk deletion) still has {@code vj}, not being
     * deleted: asked before a job that waited for a render slot takes it.
     */
    boolean stillWanted(VideoJob vj);
}
