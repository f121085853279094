package io.manimvideo.operator.parts;

import io.fabric8.kubernetes.api.model.batch.v1.Job;

/** The render pods a render Job may run at once: its parallelism (1 for a single render). */
public final class RenderPods {
    private RenderPods() {}

    public static int of(Job job) {
        Integer parallelism = job.getSpec() == null ? null : job.getSpec().getParallelism();
        return parallelism == null ? 1 : Math.max(1, parallelism);
    }
}
