package io.manimvideo.operator.outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.manimvideo.api.FailureReason;
import io.manimvideo.api.workload.Outcome;
import io.manimvideo.api.workload.WorkloadResult;
import io.manimvideo.api.workload.WorkloadResultCodec;
import io.manimvideo.localinfra.controlplane.ControlPlane;
import io.manimvideo.localinfra.controlplane.SharedControlPlane;
import io.manimvideo.operator.outcome.JobOutcome.Verdict;
import io.manimvideo.operator.testing.JobHold;
import io.manimvideo.operator.testing.KubeletStandIn;
import io.manimvideo.operator.testing.KubeletStandIn.Ending;
import io.manimvideo.operator.testing.Results;
import io.manimvideo.operator.workload.Workload;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Judging finished Jobs by their pods, against the real API server and Job controller (no operator running):
 * the Job controller makes each Job's Pod and finishes the Job once the Pod has ended.
 */
class JobOutcomeReaderTest {
    private KubernetesClient client;
    private String namespace;
    private KubeletStandIn kubelet;
    private JobOutcomeReader reader;
    private int counter;

    @BeforeEach
    void start() {
        ControlPlane plane = SharedControlPlane.get();
        namespace = plane.createNamespace("outcome");
        client = plane.client(namespace);
        kubelet = new KubeletStandIn(client, namespace);
        reader = new JobOutcomeReader(client, new WorkloadResultCodec());
    }

    @AfterEach
    void stop() {
        client.namespaces().withName(namespace).delete();
        client.close();
    }

    private JobOutcome judge(Workload workload, Ending ending) {
        String name = createJob(workload, null);
        kubelet.end(name, ending);
        var job = client.batch().v1().jobs().inNamespace(namespace).withName(name);
        job.waitUntilCondition(j -> j != null && JobState.isFinished(j), 30, TimeUnit.SECONDS);
        return reader.read(job.get(), workload);
    }

    /** Creates a child Job of one pod, or of {@code completions} Indexed pods; returns its name. */
    private String createJob(Workload workload, Integer completions) {
        String name = "vj-" + workload.label() + "-" + (++counter);
        client.batch()
                .v1()
                .jobs()
                .inNamespace(namespace)
                .resource(new JobBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withLabels(workload.labels("vj", counter))
                        .endMetadata()
                        .withNewSpec()
                        .withActiveDeadlineSeconds(600L)
                        .withBackoffLimit(0)
                        .withCompletions(completions)
                        .withParallelism(completions)
                        .withCompletionMode(completions == null ? null : "Indexed")
                        .withNewTemplate()
                        .withNewMetadata()
                        .withLabels(workload.labels("vj", counter))
                        .endMetadata()
                        .withNewSpec()
                        .withRestartPolicy("Never")
                        .addNewContainer()
                        .withName(Workload.CONTAINER)
                        .withImage("render")
                        .endContainer()
                        .endSpec()
                        .endTemplate()
                        .endSpec()
                        .build())
                .create();
        return name;
    }

    /** {@link JobOutcomeReader#judge} as the operator calls it, once the pod's end is in the API server. */
    private Optional<JobOutcome> judgeUnfinished(String name, Workload workload) {
        var job = client.batch().v1().jobs().inNamespace(namespace).withName(name);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> kubelet.pods(name).stream()
                        .allMatch(p -> p.getStatus().getContainerStatuses() != null
                                && !p.getStatus().getContainerStatuses().isEmpty()));
        assertThat(JobState.isFinished(job.get())).as("the Job is held").isFalse();
        return reader.judge(job.get(), workload, kubelet.pods(name));
    }

    private static Ending failedWith(String message) {
        return new Ending(false, 1, "Error", message, null, "BackoffLimitExceeded");
    }

    @Test
    void aReportedCodeErrorKeepsItsMessageAndLine() {
        String message = new WorkloadResultCodec()
                .write(Results.failure(
                        WorkloadResult.RENDER, Outcome.RENDER_ERROR, "TypeError: unsupported operand", 12));
        JobOutcome outcome = judge(Workload.RENDER, failedWith(message));
        assertThat(outcome.verdict()).isEqualTo(Verdict.CODE_FAILURE);
        assertThat(outcome.reason()).isEqualTo(FailureReason.RENDER_ERROR);
        assertThat(outcome.failure().getDetail()).isEqualTo("TypeError: unsupported operand");
        assertThat(outcome.failure().getLine()).isEqualTo(12);
    }

    @Test
    void unknownOutcomesAndUploadErrorsBlameInfrastructure() {
        assertThat(judge(Workload.RENDER, failedWith("{\"version\":1,\"outcome\":\"cosmic_ray\",\"message\":\"?\"}"))
                        .verdict())
                .isEqualTo(Verdict.INFRASTRUCTURE_FAILURE);
        JobOutcome upload = judge(
                Workload.RENDER,
                failedWith(new WorkloadResultCodec()
                        .write(Results.failure(WorkloadResult.RENDER, Outcome.UPLOAD_ERROR, "PUT video: 503", null))));
        assertThat(upload.verdict()).isEqualTo(Verdict.INFRASTRUCTURE_FAILURE);
        assertThat(upload.reason()).isEqualTo(FailureReason.UPLOAD_ERROR);
    }

    @Test
    void anExplanationLongerThanTheJobAllowsIsRefusedWithTheLengthItNeeds() {
        String message = "{\"version\":1,\"workload\":\"codegen\",\"outcome\":\"too_long\","
                + "\"message\":\"Worked out without AI, the explanation needs a video of at least 67 s.\","
                + "\"durationSeconds\":67.0}";
        JobOutcome outcome = judge(Workload.CODEGEN, failedWith(message));
        assertThat(outcome.verdict()).isEqualTo(Verdict.REFUSED);
        assertThat(outcome.reason()).isEqualTo(FailureReason.EXPLANATION_TOO_LONG);
        assertThat(outcome.failure().getLimit()).isEqualTo(67L);
    }

    @Test
    void aRenderPodWithoutItsSandboxBlamesInfrastructure() {
        JobOutcome outcome = judge(
                Workload.RENDER,
                failedWith(
                        "{\"version\":1,\"workload\":\"render\","
                                + "\"outcome\":\"sandbox_unavailable\",\"message\":\"the render sandbox could not be set up\"}"));
        assertThat(outcome.verdict()).isEqualTo(Verdict.INFRASTRUCTURE_FAILURE);
        assertThat(outcome.reason()).isEqualTo(FailureReason.SANDBOX_UNAVAILABLE);
        assertThat(outcome.reason().blamesCode()).isFalse();
    }

    @Test
    void malformedOversizedAndMissingMessagesAreInfrastructure() {
        for (String message :
                new String[] {"{not json", "[1,2,3]", "{\"message\":\"no outcome\"}", "x".repeat(4097), "", null}) {
            JobOutcome outcome = judge(Workload.RENDER, failedWith(message));
            assertThat(outcome.verdict())
                    .as("message %s", message == null ? "null" : message.substring(0, Math.min(20, message.length())))
                    .isEqualTo(Verdict.INFRASTRUCTURE_FAILURE);
            assertThat(outcome.reason()).isEqualTo(FailureReason.NO_RESULT);
            assertThat(outcome.failure().getName()).isEqualTo("render");
        }
    }

    @Test
    void successReportedByAFailedJobIsNotTrusted() {
        String ok = new WorkloadResultCodec().write(Results.renderOk());
        assertThat(judge(Workload.RENDER, failedWith(ok)).verdict()).isEqualTo(Verdict.INFRASTRUCTURE_FAILURE);
        assertThat(judge(Workload.RENDER, Ending.reported(Results.renderOk(), ok))
                        .verdict())
                .isEqualTo(Verdict.SUCCEEDED);
    }

    @Test
    void aSilentMemoryKillIsTheInfrastructuresUntilItRepeats() {
        // one kill does not say whose memory ran out; RepeatedMemoryKill blames the scene when the same code's is
        // killed
        Ending oom = new Ending(false, 137, "OOMKilled", null, null, "BackoffLimitExceeded");
        JobOutcome render = judge(Workload.RENDER, oom);
        assertThat(render.verdict()).isEqualTo(Verdict.INFRASTRUCTURE_FAILURE);
        assertThat(render.reason()).isEqualTo(FailureReason.POD_OUT_OF_MEMORY);
        assertThat(judge(Workload.CODEGEN, oom).verdict()).isEqualTo(Verdict.INFRASTRUCTURE_FAILURE);
    }

    @Test
    void evictionAndDeadlineAreInfrastructure() {
        JobOutcome evicted =
                judge(Workload.CODEGEN, new Ending(false, 137, "Error", null, "Evicted", "BackoffLimitExceeded"));
        assertThat(evicted.verdict()).isEqualTo(Verdict.INFRASTRUCTURE_FAILURE);
        assertThat(evicted.reason()).isEqualTo(FailureReason.POD_EVICTED);
        // the Job controller enforces the deadline and removes the Pod: no container state to judge by
        JobOutcome deadline = judge(Workload.RENDER, new Ending(false, 137, "Error", null, null, "DeadlineExceeded"));
        assertThat(deadline.reason()).isEqualTo(FailureReason.DEADLINE_EXCEEDED);
        assertThat(deadline.failure().getLimit()).isPositive();
    }

    @Test
    void aOnePodJobHasEndedOnceItsPodExitedCleanlyWithItsResult() {
        try (JobHold hold = JobHold.ends(SharedControlPlane.get(), namespace)) {
            String done = createJob(Workload.RENDER, null);
            kubelet.finish(done, Results.renderOk());
            assertThat(judgeUnfinished(done, Workload.RENDER))
                    .hasValueSatisfying(o -> assertThat(o.verdict()).isEqualTo(Verdict.SUCCEEDED));

            // an exit 0 without a readable result is not an end: the Job's conditions will say
            String silent = createJob(Workload.CODEGEN, null);
            kubelet.end(silent, new Ending(true, 0, "Completed", "{not json", null, null));
            assertThat(judgeUnfinished(silent, Workload.CODEGEN)).isEmpty();

            // a failed pod is for the Job to judge by its backoff rules
            String failed = createJob(Workload.RENDER, null);
            kubelet.end(
                    failed,
                    failedWith(new WorkloadResultCodec()
                            .write(Results.failure(WorkloadResult.RENDER, Outcome.RENDER_ERROR, "NameError", 3))));
            assertThat(judgeUnfinished(failed, Workload.RENDER)).isEmpty();

            // one part of a render in parts is not the render
            String parts = createJob(Workload.RENDER, 2);
            kubelet.endIndex(
                    parts, 0, Ending.reported(Results.renderOk(), new WorkloadResultCodec().write(Results.renderOk())));
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> kubelet.pods(parts).size() == 2);
            assertThat(reader.judge(job(parts), Workload.RENDER, kubelet.pods(parts)))
                    .isEmpty();

            // nor is a pod of another Job (an earlier one of the same name): only the Job's own pods count
            Job other = job(createJob(Workload.RENDER, null));
            assertThat(reader.judge(other, Workload.RENDER, kubelet.pods(done))).isEmpty();
        }
    }

    private Job job(String name) {
        return client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
    }
}
