package io.manimvideo.operator.reconcile;

import io.manimvideo.api.Phase;
import io.manimvideo.api.workload.WorkloadResult;
import io.manimvideo.operator.config.OperatorConfig;
import java.time.Duration;

/** CodeValidating: the render pod checks the code. A render that ended before its progress was read renders. */
class CodeValidatingHandler extends RenderPhaseHandler {
    CodeValidatingHandler(OperatorConfig config, RetryBudget retries, RenderInParts inParts) {
        super(config, retries, inParts);
    }

    @Override
    public Phase phase() {
        return Phase.CODE_VALIDATING;
    }

    @Override
    Duration rendered(Work w, WorkloadResult result) {
        w.t().rendering(100);
        return MISSED_STAGE_DELAY;
    }
}
