package io.manimvideo.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.manimvideo.api.FailureReason;
import io.manimvideo.api.Phase;
import io.manimvideo.api.VideoJob;
import io.manimvideo.api.workload.Outcome;
import io.manimvideo.api.workload.WorkloadResult;
import io.manimvideo.api.workload.WorkloadResultCodec;
import io.manimvideo.operator.outcome.JobState;
import io.manimvideo.operator.testing.JobHold;
import io.manimvideo.operator.testing.KubeletStandIn.Ending;
import io.manimvideo.operator.testing.Results;
import io.manimvideo.operator.testing.VideoJobs;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A step ends when its pod's workload container has exited with its result, not when the Job controller gets to
 * marking the Job Complete (on a real node that came 1.5 to 2 s later): the Job controller is held back here
 * ({@link JobHold#ends}), so the step must be judged from the pod alone. Each step is judged once, and a failed pod
 * is left to the Job's own rules.
 */
class StepEndTest extends OperatorTestBase {

    @Test
    void aRenderIsJudgedFromItsExitedPodBeforeItsJobIsCompleteAndOnlyOnce() throws Exception {
        try (JobHold hold = JobHold.ends(envt.controlPlane(), envt.namespace())) {
            create(VideoJobs.directCode("pod-done"));
            jobs.renderSucceeds("pod-done-render-1");
            VideoJob vj = awaitPhase("pod-done", Phase.READY);
            assertThat(JobState.isFinished(jobs.job("pod-done-render-1")))
                    .as("the Job is held: Ready came from the pod")
                    .isFalse();
            assertThat(vj.getStatus().getAttempts()).isEqualTo(1);
            assertThat(vj.getStatus().getVideo().getObjectKey()).endsWith("video.mp4");
        }
        // let the Job controller end the Job: the step it ends was judged already, and is not judged again
        await().atMost(Duration.ofSeconds(30)).until(() -> JobState.succeeded(jobs.job("pod-done-render-1")));
        awaitLookedAgain();
        assertJudgedOnce("ready");
        VideoJob vj = get("pod-done");
        assertThat(vj.getStatus().getPhase()).isEqualTo(Phase.READY);
        assertThat(vj.getStatus().getAttempts()).isEqualTo(1);
        assertThat(vj.getStatus().getLastError()).isNull();
        assertThat(childJobs()).containsExactly("pod-done-render-1");
    }

    @Test
    void generatedCodeGoesToRenderFromTheExitedCodegenPodBeforeItsJobIsComplete() throws Exception {
        try (JobHold hold = JobHold.ends(envt.controlPlane(), envt.namespace())) {
            create(VideoJobs.problem("pod-gen"));
            jobs.codegenSucceeds("pod-gen-codegen-1", VideoJobs.CODE);
            Job render = jobs.awaitJob("pod-gen-render-1");
            assertThat(jobs.get(render, "MANIMRENDER_CODE_URL").body()).isEqualTo(VideoJobs.CODE);
            assertThat(JobState.isFinished(jobs.job("pod-gen-codegen-1")))
                    .as("the codegen Job is held: the render started from the pod")
                    .isFalse();
            jobs.renderSucceeds("pod-gen-render-1");
            VideoJob vj = awaitPhase("pod-gen", Phase.READY);
            assertThat(vj.getStatus().getAttempts()).isEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> JobState.succeeded(jobs.job("pod-gen-codegen-1"))
                        && JobState.succeeded(jobs.job("pod-gen-render-1")));
        awaitLookedAgain();
        assertJudgedOnce("ready");
        assertThat(get("pod-gen").getStatus().getPhase()).isEqualTo(Phase.READY);
        assertThat(childJobs()).containsExactlyInAnyOrder("pod-gen-codegen-1", "pod-gen-render-1");
    }

    @Test
    void aFailedPodIsLeftToItsJobsRulesAndCountedOnce() throws Exception {
        try (JobHold hold = JobHold.ends(envt.controlPlane(), envt.namespace())) {
            create(VideoJobs.directCode("pod-fail"));
            Job render = jobs.awaitJob("pod-fail-render-1");
            WorkloadResult error = Results.failure(WorkloadResult.RENDER, Outcome.RENDER_ERROR, "NameError: x", 7);
            jobs.end(
                    "pod-fail-render-1",
                    new Ending(false, 1, "Error", new WorkloadResultCodec().write(error), null, null));
            // a progress report read after the pod failed: the step still runs until its Job says it failed
            jobs.put(
                    render,
                    "MANIMRENDER_PROGRESS_PUT_URL",
                    "{\"event\":\"progress\",\"stage\":\"rendering\",\"percent\":42}");
            VideoJob vj = awaitStatus(
                    "pod-fail",
                    v -> v.getStatus().getPhase() == Phase.RENDERING
                            && Integer.valueOf(42).equals(v.getStatus().getProgress()));
            assertThat(vj.getStatus().getLastError()).isNull();
        }
        VideoJob vj = awaitPhase("pod-fail", Phase.FAILED);
        await().atMost(Duration.ofSeconds(30)).until(() -> JobState.failed(jobs.job("pod-fail-render-1")));
        awaitLookedAgain();
        assertJudgedOnce("failed");
        assertThat(vj.getStatus().getLastError().getReason()).isEqualTo(FailureReason.RENDER_ERROR);
        assertThat(vj.getStatus().getLastError().getLine()).isEqualTo(7);
        assertThat(vj.getStatus().getAttempts()).isEqualTo(1);
        assertThat(childJobs()).containsExactly("pod-fail-render-1");
    }

    private List<String> childJobs() {
        return envt.client().batch().v1().jobs().inNamespace(envt.namespace()).list().getItems().stream()
                .map(j -> j.getMetadata().getName())
                .toList();
    }

    /** The operator has reconciled twice more since now (it looks again every lifecycle check as well). */
    private void awaitLookedAgain() {
        double before = reconciliations();
        await().atMost(Duration.ofSeconds(20)).until(() -> reconciliations() >= before + 2);
    }

    private double reconciliations() {
        return envt.registry().getMeters().stream()
                .filter(m -> m.getId().getName().equals("operator.sdk.reconciliations.started"))
                .mapToDouble(m -> m.measure().iterator().next().getValue())
                .sum();
    }

    /** The job ended once (one end recorded in the metrics), as {@code outcome}, and no step was tried again. */
    private void assertJudgedOnce(String outcome) {
        var ends = envt.registry().find("manimvideo_job_duration_seconds").timers();
        assertThat(ends).singleElement().satisfies(t -> {
            assertThat(t.getId().getTag("outcome")).isEqualTo(outcome);
            assertThat(t.count()).isEqualTo(1);
        });
        assertThat(envt.registry().find("manimvideo_retries_total").counters()).isEmpty();
    }
}
