package io.manimvideo.operator.outcome;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.manimvideo.api.workload.Outcome;
import io.manimvideo.api.workload.WorkloadResult;
import io.manimvideo.api.workload.WorkloadResultCodec;
import io.manimvideo.operator.workload.Workload;
import java.util.Comparator;
import java.util.Optional;

/**
 * Judges a finished child Job from its pod: the termination message when there is a readable one,
 * otherwise the container's and pod's reasons. A render pod killed for memory without a message blames
 * the code (the scene asked for too much, as {@code resource_limit}); every other silent end blames the
 * infrastructure, so the same step is retried.
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

    /** Reads the outcome of a finished Job (the caller checks {@link JobState#isFinished}). */
    public JobOutcome read(Job job, Workload workload) {
        Optional<Pod> pod = client
                .pods()
                .inNamespace(job.getMetadata().getNamespace())
                .withLabel(JOB_NAME_LABEL, job.getMetadata().getName())
                .list()
                .getItems()
                .stream()
                .max(Comparator.comparing(p -> p.getMetadata().getCreationTimestamp() == null
                        ? ""
                        : p.getMetadata().getCreationTimestamp()));
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
                    : JobOutcome.infrastructure(
                            JobOutcome.INFRASTRUCTURE,
                            "The " + name + " step reported success but its Job failed; retrying.");
        }
        String message = r.message() == null || r.message().isBlank()
                ? "The " + name + " step ended with " + r.outcome().name().toLowerCase(java.util.Locale.ROOT) + "."
                : r.message();
        if (r.outcome().blamesCode()) {
            return JobOutcome.codeFailure(JobOutcome.reasonOf(r.outcome()), message, r.line(), r.column());
        }
        return JobOutcome.infrastructure(JobOutcome.reasonOf(r.outcome()), message);
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
            return JobOutcome.codeFailure(
                    JobOutcome.reasonOf(Outcome.RESOURCE_LIMIT),
                    "The scene needed more memory than the render limit allows; simplify it (fewer objects or frames).",
                    null,
                    null);
        }
        if ("Evicted".equals(podReason)) {
            return JobOutcome.infrastructure(
                    JobOutcome.INFRASTRUCTURE, "The " + name + " pod was evicted by its node; retrying.");
        }
        if ("DeadlineExceeded".equals(jobReason)
                || "DeadlineExceeded".equals(podReason)
                || "DeadlineExceeded".equals(containerReason)) {
            return JobOutcome.infrastructure(
                    JobOutcome.INFRASTRUCTURE,
                    "The " + name + " pod ran past its " + job.getSpec().getActiveDeadlineSeconds()
                            + " s deadline without reporting a result; retrying.");
        }
        if ("OOMKilled".equals(containerReason)) {
            return JobOutcome.infrastructure(
                    JobOutcome.INFRASTRUCTURE, "The " + name + " pod ran out of memory; retrying.");
        }
        if (terminated.isEmpty()) {
            return JobOutcome.infrastructure(
                    JobOutcome.INFRASTRUCTURE,
                    "The " + name + " Job ended without a finished pod"
                            + (jobReason.isEmpty() ? "" : " (" + jobReason + ")") + "; retrying.");
        }
        String message = terminated.get().getMessage();
        String what = message == null || message.isBlank() ? "without a result" : "with an unreadable result";
        return JobOutcome.infrastructure(
                JobOutcome.INFRASTRUCTURE,
                "The " + name + " pod ended " + what
                        + " (exit code " + terminated.get().getExitCode()
                        + (containerReason.isEmpty() ? "" : ", " + containerReason) + "); retrying.");
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
