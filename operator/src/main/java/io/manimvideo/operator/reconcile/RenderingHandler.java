package io.manimvideo.operator.reconcile;

import io.manimvideo.api.Phase;
import io.manimvideo.api.workload.WorkloadResult;
import io.manimvideo.operator.config.OperatorConfig;
import java.time.Duration;

/**
 * Rendering: Manim renders in the render pod. Rendering → Uploading happens when the pod reports its
 * {@code uploading} stage, or here when the render ended before that report was read.
 */
class RenderingHandler extends RenderPhaseHandler {
    RenderingHandler(OperatorConfig config, RetryBudget retries, RenderInParts inParts) {
        super(config, retries, inParts);
    }

    @Override
    public Phase phase() {
        return Phase.RENDERING;
    }

    @Override
    Duration rendered(Work w, WorkloadResult result) {
        w.t().uploading();
        return MISSED_STAGE_DELAY;
    }
}
