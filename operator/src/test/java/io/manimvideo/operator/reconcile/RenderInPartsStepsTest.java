package io.manimvideo.operator.reconcile;

import static io.manimvideo.operator.reconcile.PhaseFixture.aiCode;
import static io.manimvideo.operator.reconcile.PhaseFixture.on;
import static io.manimvideo.operator.reconcile.PhaseFixture.render;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.manimvideo.api.ErrorInfo;
import io.manimvideo.api.FailureReason;
import io.manimvideo.api.Phase;
import io.manimvideo.api.VideoJob;
import io.manimvideo.api.workload.WorkloadResult.PlannedPart;
import io.manimvideo.operator.outcome.JobOutcome;
import io.manimvideo.operator.status.PhaseTransitions;
import io.manimvideo.operator.status.TestWords;
import io.manimvideo.operator.testing.Results;
import io.manimvideo.operator.workload.Workload;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A render in parts with the fixture's one render slot: what the cap leaves it, and how an attempt starts over. */
@Tag("unit")
class RenderInPartsStepsTest {
    private final PhaseFixture f = new PhaseFixture();

    @Test
    void theRenderPodMayPlanAsManyPartsAsSlotsAreFreeBesidesItsOwnAndNoneWhenNoneIs() {
        PhaseFixture two = new PhaseFixture(2);
        VideoJob vj = queuedRender(PhaseFixture.problem());
        two.queued.handle(PhaseFixture.notStarted(vj, render(vj, 1)));
        assertThat(two.env("MANIMRENDER_PLAN_MAX_PARTS")).hasValue("2");
        assertThat(two.env("MANIMRENDER_PLAN_MIN_SECONDS")).hasValue("20");

        // the fixture's one slot is the render's own: no dry pass for nothing
        VideoJob alone = queuedRender(PhaseFixture.problem());
        f.queued.handle(PhaseFixture.notStarted(alone, render(alone, 1)));
        assertThat(f.createdNames()).containsExactly("tg-1-render-1");
        assertThat(f.env("MANIMRENDER_PLAN_MAX_PARTS")).isEmpty();
    }

    private static VideoJob queuedRender(VideoJob vj) {
        vj.getStatus().setPhase(Phase.QUEUED);
        vj.getStatus().setActiveJob("tg-1-render-1");
        vj.getStatus().setCode(aiCode(vj, 1));
        return vj;
    }

    /** The attempt's render pod, checking the code, ended with this plan. */
    private VideoJob planned(PlannedPart... parts) {
        VideoJob vj = PhaseFixture.problem();
        on(vj, Phase.CODE_VALIDATING, render(vj, 1));
        vj.getStatus().setCode(aiCode(vj, 1));
        f.codeValidating.handle(PhaseFixture.succeeded(vj, render(vj, 1), Results.planned(parts)));
        return vj;
    }

    @Test
    void thePartsRunOnTheRendersOwnSlotWhenNoOtherIsFree() {
        VideoJob vj = planned(new PlannedPart(0, 3, 9), new PlannedPart(4, 7, 9), new PlannedPart(8, 9, 9));

        Job parts = f.created.get(0);
        assertThat(parts.getMetadata().getName()).isEqualTo("tg-1-parts-1");
        assertThat(parts.getSpec().getCompletions()).isEqualTo(3);
        assertThat(parts.getSpec().getParallelism())
                .as("MAX_CONCURRENT_RENDERS=1")
                .isEqualTo(1);
        assertThat(vj.getStatus().getPhase()).isEqualTo(Phase.RENDERING);
        assertThat(vj.getStatus().getActiveJob()).isEqualTo("tg-1-parts-1");
        assertThat(vj.getStatus().getParts()).isEqualTo(3);
    }

    @Test
    void aPlanWithAGapIsRetriedAsTheInfrastructuresFaultAndStartsNoParts() {
        VideoJob vj = planned(new PlannedPart(0, 3, 9), new PlannedPart(5, 7, 9));

        assertThat(f.createdNames()).containsExactly("tg-1-render-2");
        assertThat(vj.getStatus().getLastError().getReason()).isEqualTo(FailureReason.INFRASTRUCTURE);
        assertThat(vj.getStatus().getLastError().getDetail()).contains("plan of parts");
    }

    @Test
    void aPartsJobLostToTheInfrastructureStartsTheAttemptOverWithARenderPod() {
        VideoJob vj = PhaseFixture.problem();
        var parts = Workload.PARTS.child("tg-1", 1);
        on(vj, Phase.RENDERING, parts);
        vj.getStatus().setCode(aiCode(vj, 1));
        vj.getStatus().setParts(2);
        JobOutcome lost = JobOutcome.infrastructure(
                ErrorInfo.of(FailureReason.POD_EVICTED, null).withName("parts"));

        f.rendering.handle(new Work(
                vj, new PhaseTransitions(vj, PhaseFixture.NOW, TestWords.ENGLISH), Observation.finished(parts, lost)));

        assertThat(f.createdNames()).containsExactly("tg-1-render-2");
        assertThat(vj.getStatus().getActiveJob()).isEqualTo("tg-1-render-2");
        assertThat(vj.getStatus().getParts()).as("the new attempt plans again").isNull();
    }
}
