package io.manimvideo.operator.reconcile;

import io.manimvideo.api.Phase;
import java.time.Duration;

/**
 * Decides what a VideoJob in one phase does next, from what was observed of its child Job, and applies it
 * through the status transitions. {@link PhaseDispatcher} picks the handler by {@code status.phase}.
 */
interface PhaseHandler {
    Phase phase();

    /** Takes the job one step on; returns when to look again. */
    Duration handle(Work w);
}
