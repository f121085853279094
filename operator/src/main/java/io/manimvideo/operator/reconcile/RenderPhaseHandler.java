package io.manimvideo.operator.reconcile;

import io.manimvideo.operator.config.OperatorConfig;
import java.time.Duration;

/**
 * A phase of the render Job (CodeValidating, Rendering, Uploading): while it runs, the stage the render pod
 * last reported becomes the phase.
 */
abstract class RenderPhaseHandler extends ActivePhaseHandler {
    /**
     * How soon the next phase follows a render stage recorded after the fact: a short render or a small upload
     * can end between two progress reads, and the stages it went through are recorded one reconcile each, so
     * that every phase is seen in order.
     */
    static final Duration MISSED_STAGE_DELAY = Duration.ofMillis(50);

    private final OperatorConfig config;

    RenderPhaseHandler(OperatorConfig config, RetryBudget retries) {
        super(retries);
        this.config = config;
    }

    @Override
    final Duration running(Work w) {
        if (w.seen().progress() != null) {
            w.t().progressed(w.seen().progress(), w.step().attempt());
        }
        return config.progressPollInterval();
    }
}
