package io.manimvideo.operator.outcome;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.manimvideo.api.ErrorInfo;
import io.manimvideo.api.FailureReason;
import io.manimvideo.api.workload.Outcome;
import io.manimvideo.api.workload.WorkloadResult;
import io.manimvideo.api.workload.WorkloadResultCodec;
import io.manimvideo.operator.workload.Workload;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/**
 * Judges a finished child Job from its pod: the termination message when there is a readable one,
 * otherwise the container's and pod's reasons. A render pod killed for memory without a message blames
 * the code (the scene asked for too much, as {@code resource_limit}); every other silent end blames the
 * infrastructure, so the same step is retried. A codegen {@code too_long} is refused: no attempt can help.
 */
public class JobOutcomeReader {
    /** The label the job controller puts on a Job's pods. */
    public static final String JOB_NAME_LABEL = "batch.kubernetes.io/job-name";

    private final KubernetesClient client;
    private final WorkloadResultCodec codec;

    public JobOutcomeReader(KubernetesClient client, WorkloadResultCodec codec) {
        this.client = client;
        this.codec = codec;
    }

    /**
     * Reads the outcome of a finished Job (the caller checks {@link JobState#isFinished}): from its newest pod, or,
     * when the Job failed, its newest failed pod (of a render in parts, the part that failed: its message names it).
     */
    public JobOutcome read(Job job, Workload workload) {
        Comparator<Pod> newest = Comparator.comparing(p -> p.getMetadata().getCreationTimestamp() == null
                ? ""
                : p.getMetadata().getCreationTimestamp());
        Comparator<Pod> order = JobState.failed(job)
                ? Comparator.comparing((Pod p) -> "Failed"
                                .equals(
                                        p.getStatus() == null
                                                ? null
                                                : p.getStatus().getPhase()))
                        .thenComparing(newest)
                : newest;
        Optional<Pod> pod = client
                .pods()
                .inNamespace(job.getMetadata().getNamespace())
                .withLabel(JOB_NAME_LABEL, job.getMetadata().getName())
                .list()
                .getItems()
                .stream()
                .max(order);
        Optional<ContainerStateTerminated> terminated = pod.flatMap(JobOutcomeReader::terminatedState);
        Optional<WorkloadResult> result =
                terminated.map(ContainerStateTerminated::getMessage).flatMap(codec::parse);
        if (result.isPresent()) {
            return fromResult(result.get(), job, workload);
        }
        return fromReasons(job, workload, pod, terminated);
    }

    private static JobOutcome fromResult(WorkloadResult r, Job job, Workload workload) {
        String name = workload.label();
        if (r.outcome() == Outcome.OK) {
            return JobState.succeeded(job)
                    ? JobOutcome.succeeded(r)
                    : JobOutcome.infrastructure(ErrorInfo.of(FailureReason.INFRASTRUCTURE, null)
                            .withName(name)
                            .withDetail("the step reported success but its Job failed"));
        }
        if (r.outcome() == Outcome.TOO_LONG) {
            // the explanation needs a longer video than the job allows: the same request would end the same way
            Long needed = r.durationSeconds() == null ? null : (long) Math.ceil(r.durationSeconds());
            return JobOutcome.refused(ErrorInfo.of(FailureReason.EXPLANATION_TOO_LONG, null)
                    .withName(name)
                    .withLimit(needed));
        }
        // the workload's own words (the checker's, Manim's) are the detail; with none, the outcome's name
        String detail = r.message() == null || r.message().isBlank()
                ? r.outcome().name().toLowerCase(Locale.ROOT)
                : r.message();
        if (r.outcome().blamesCode()) {
            return JobOutcome.codeFailure(JobOutcome.reasonOf(r.outcome()), detail, r.line(), r.column());
        }
        return JobOutcome.infrastructure(ErrorInfo.of(JobOutcome.reasonOf(r.outcome()), null)
                .withName(name)
                .withDetail(detail));
    }

    private static JobOutcome fromReasons(
            Job job, Workload workload, Optional<Pod> pod, Optional<ContainerStateTerminated> terminated) {
        String name = workload.label();
        String containerReason =
                terminated.map(ContainerStateTerminated::getReason).orElse("");
        String podReason = pod.map(
                        p -> p.getStatus() == null ? null : p.getStatus().getReason())
                .orElse("");
        String jobReason = JobState.failureReason(job).orElse("");
        if ("OOMKilled".equals(containerReason) && workload == Workload.RENDER) {
            return JobOutcome.codeFailure(FailureReason.MEMORY_LIMIT, null, null, null);
        }
        if ("Evicted".equals(podReason)) {
            return infrastructure(FailureReason.POD_EVICTED, name);
        }
        if ("DeadlineExceeded".equals(jobReason)
                || "DeadlineExceeded".equals(podReason)
                || "DeadlineExceeded".equals(containerReason)) {
            return JobOutcome.infrastructure(ErrorInfo.of(FailureReason.DEADLINE_EXCEEDED, null)
                    .withName(name)
                    .withLimit(job.getSpec().getActiveDeadlineSeconds()));
        }
        if ("OOMKilled".equals(containerReason)) {
            return infrastructure(FailureReason.POD_OUT_OF_MEMORY, name);
        }
        if (terminated.isEmpty()) {
            return JobOutcome.infrastructure(ErrorInfo.of(FailureReason.NO_RESULT, null)
                    .withName(name)
                    .withDetail(jobReason.isEmpty() ? "no finished pod" : "no finished pod, " + jobReason));
        }
        String message = terminated.get().getMessage();
        String what = message == null || message.isBlank() ? "no result" : "unreadable result";
        return JobOutcome.infrastructure(ErrorInfo.of(FailureReason.NO_RESULT, null)
                .withName(name)
                .withDetail(what + ", exit code " + terminated.get().getExitCode()
                        + (containerReason.isEmpty() ? "" : ", " + containerReason)));
    }

    private static JobOutcome infrastructure(FailureReason reason, String step) {
        return JobOutcome.infrastructure(ErrorInfo.of(reason, null).withName(step));
    }

    private static Optional<ContainerStateTerminated> terminatedState(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getContainerStatuses().stream()
                .filter(s -> Workload.CONTAINER.equals(s.getName()))
                .findFirst()
                .flatMap(JobOutcomeReader::terminated);
    }

    private static Optional<ContainerStateTerminated> terminated(ContainerStatus s) {
        if (s.getState() != null && s.getState().getTerminated() != null) {
            return Optional.of(s.getState().getTerminated());
        }
        return Optional.ofNullable(s.getLastState()).map(st -> st.getTerminated());
    }
}
