package io.manimvideo.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.manimvideo.api.Phase;
import io.manimvideo.api.workload.WorkloadResult.PlannedPart;
import io.manimvideo.api.workload.WorkloadResultCodec;
import io.manimvideo.operator.outcome.JobState;
import io.manimvideo.operator.testing.ApiServerRequests;
import io.manimvideo.operator.testing.JobHold;
import io.manimvideo.operator.testing.KubeletStandIn.Ending;
import io.manimvideo.operator.testing.Results;
import io.manimvideo.operator.testing.VideoJobs;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Render slots under {@code MAX_CONCURRENT_RENDERS} on the real API server and Job controller: a slot is free as soon
 * as its render pod has exited, not when the Job controller gets to marking its Job Complete (held back here with
 * {@link JobHold#ends}); and a render in parts keeps its slot from one Job to the next (plan, parts, join), so that no
 * render further back in line takes it in between, however late the next Job is created ({@link JobHold#creation}
 * holds it back).
 */
class RenderSlotsTest extends OperatorTestBase {
    private static final PlannedPart[] TWO_PARTS = {new PlannedPart(0, 5, 30), new PlannedPart(6, 11, 30)};

    @Override
    Map<String, String> settings() {
        return Map.of("MAX_CONCURRENT_RENDERS", "2", "RENDER_MAX_PARTS", "2", "RENDER_PART_RETRIES", "1");
    }

    @Test
    void aSlotIsFreeForTheNextInLineOnceTheRenderPodHasExitedBeforeItsJobIsComplete() throws Exception {
        try (JobHold hold = JobHold.ends(envt.controlPlane(), envt.namespace())) {
            startTwoAndQueueOne("free-a", "free-b", "free-c");
            jobs.renderSucceeds("free-a-render-1");
            awaitPhase("free-a", Phase.READY);
            jobs.awaitJob("free-c-render-1");
            assertThat(JobState.isFinished(jobs.job("free-a-render-1")))
                    .as("the Job is held: the slot was freed by the pod's exit")
                    .isFalse();
            assertThat(jobs.renderPodsNotEnded()).isEqualTo(2);
        }
    }

    @Test
    void aPlannedSceneGetsItsRenderPodsSlotAndTheFreeOneWhenThePodHasExitedBeforeItsJobIsComplete() throws Exception {
        try (JobHold hold = JobHold.ends(envt.controlPlane(), envt.namespace())) {
            create(VideoJobs.directCode("wide"));
            assertThat(jobs.env(jobs.awaitJob("wide-render-1"), "MANIMRENDER_PLAN_MAX_PARTS"))
                    .isEqualTo("2");
            jobs.finish("wide-render-1", Results.planned(TWO_PARTS));
            Job parts = jobs.awaitJob("wide-parts-1");
            assertThat(parts.getSpec().getParallelism())
                    .as("both parts at once: the render pod's slot and the one free")
                    .isEqualTo(2);
            assertThat(JobState.isFinished(jobs.job("wide-render-1"))).isFalse();
        }
    }

    @Test
    void theSlotPassesFromThePlanToThePartsWithNoRenderFurtherBackTakingItAndIsFreeAtTheVideo() throws Exception {
        AtomicInteger mostRunning = new AtomicInteger();
        var watcher = Executors.newSingleThreadScheduledExecutor();
        watcher.scheduleAtFixedRate(
                () -> mostRunning.accumulateAndGet(jobs.renderPodsNotEnded(), Math::max), 0, 20, TimeUnit.MILLISECONDS);
        try {
            startTwoAndQueueOne("long", "other", "next");
            try (JobHold hold = JobHold.creation(envt.controlPlane(), envt.namespace(), "long-parts-")) {
                jobs.finish("long-render-1", Results.planned(TWO_PARTS));
                awaitEndedAndLookedAtAgain("long-render-1", "long-parts-");
                assertThat(started("next"))
                        .as("the slot the plan ended in is long's")
                        .isFalse();
            }
            Job parts = jobs.awaitJob("long-parts-1");
            assertThat(parts.getSpec().getParallelism())
                    .as("long's own slot: other has the second")
                    .isEqualTo(1);
            assertThat(started("next")).isFalse();

            // the last part joins the parts itself: no join Job, and long's slot is free with its video
            jobs.partSucceeds("long-parts-1", 0, Results.partOk(30));
            assertThat(started("next")).as("the last part still renders").isFalse();
            jobs.lastPartJoins("long-parts-1", 1, Results.renderOk());
            jobs.awaitJob("next-render-1");
            assertThat(jobs.job("long-join-1")).isNull();
            assertThat(awaitPhase("long", Phase.READY).getStatus().getVideo()).isNotNull();
        } finally {
            watcher.shutdownNow();
        }
        assertThat(mostRunning.get()).as("render pods at once").isEqualTo(2);
    }

    /** {@code first} and {@code second} render, {@code third} waits first in line. */
    private void startTwoAndQueueOne(String first, String second, String third) {
        create(VideoJobs.directCode(first));
        jobs.awaitJob(first + "-render-1");
        create(VideoJobs.directCode(second));
        jobs.awaitJob(second + "-render-1");
        create(VideoJobs.directCode(third));
        awaitStatus(third, v -> Integer.valueOf(1).equals(v.getStatus().getQueuePosition()));
    }

    /**
     * {@code job} is Complete and the operator, held from creating the next Job, has been refused twice more since:
     * seconds in which the job waiting in line looked for a slot many times (every poll interval).
     */
    private void awaitEndedAndLookedAtAgain(String job, String next) throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> JobState.succeeded(jobs.job(job)));
        ApiServerRequests api = new ApiServerRequests(envt.controlPlane());
        var before = api.snapshot(Set.of("jobs"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> ApiServerRequests.delta(
                                        before,
                                        api.snapshot(Set.of("jobs")),
                                        k -> k.verb().equals("POST")
                                                && k.code().startsWith("4")
                                                && !k.code().equals("409"))
                                .values()
                                .stream()
                                .mapToDouble(Double::doubleValue)
                                .sum()
                        >= 2);
        assertThat(jobs.job(next + "1")).as("held").isNull();
    }

    /** {@code videoJob}'s render Job exists. */
    private boolean started(String videoJob) {
        return jobs.job(videoJob + "-render-1") != null;
    }

    private static Ending ok() {
        return Ending.reported(Results.renderOk(), new WorkloadResultCodec().write(Results.renderOk()));
    }
}
