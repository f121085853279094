package io.manimvideo.operator.reconcile;

import io.manimvideo.api.ErrorInfo;
import io.manimvideo.api.FailureReason;
import io.manimvideo.api.workload.WorkloadResult;
import io.manimvideo.operator.config.OperatorConfig;
import io.manimvideo.operator.outcome.JobOutcome;
import io.manimvideo.operator.parts.RenderParts;
import java.time.Duration;
import java.util.Optional;

/**
 * A phase of the render Job (CodeValidating, Rendering, Uploading): while it runs, the stage the render pod
 * last reported becomes the phase. A render pod that planned a long scene in parts instead of rendering it is
 * followed by the parts' Indexed Job ({@link RenderInParts}), whose last part joins the parts: its result is the
 * video's, as a single render's is (a parts Job made before that, without {@code JobOutcomeReader.RESULT_INDEX}, is
 * followed by a join Job).
 */
abstract class RenderPhaseHandler extends ActivePhaseHandler {
    /**
     * How soon the next phase follows a render stage recorded after the fact: a short render or a small upload
     * can end between two progress reads, and the stages it went through are recorded one reconcile each, so
     * that every phase is seen in order.
     */
    static final Duration MISSED_STAGE_DELAY = Duration.ofMillis(50);

    private final OperatorConfig config;
    private final RenderInParts inParts;

    RenderPhaseHandler(OperatorConfig config, RetryBudget retries, RenderInParts inParts) {
        super(retries);
        this.config = config;
        this.inParts = inParts;
    }

    @Override
    final Duration succeeded(Work w, WorkloadResult result) {
        return switch (w.step().workload()) {
            case RENDER -> result.isPlannedInParts() ? planned(w, result) : rendered(w, result);
            case PARTS -> w.seen().joined() ? rendered(w, result) : inParts.join(w);
            default -> rendered(w, result);
        };
    }

    /** A plan that is not ranges following each other from animation 0 is the render image's fault: retried. */
    private Duration planned(Work w, WorkloadResult plan) {
        Optional<RenderParts> parts = RenderParts.checked(plan.parts());
        if (parts.isEmpty()) {
            return failed(
                    w,
                    JobOutcome.infrastructure(ErrorInfo.of(FailureReason.INFRASTRUCTURE, null)
                            .withName(w.step().workload().label())
                            .withDetail("its plan of parts does not cover the scene's animations in order")));
        }
        return inParts.render(w, parts.get());
    }

    /** The video is made and stored (by the render pod, or by the join of its parts) as {@code result} says. */
    abstract Duration rendered(Work w, WorkloadResult result);

    @Override
    final Duration running(Work w) {
        if (w.seen().progress() != null) {
            w.t().progressed(w.seen().progress(), w.step().attempt());
        }
        return config.progressPollInterval();
    }
}
