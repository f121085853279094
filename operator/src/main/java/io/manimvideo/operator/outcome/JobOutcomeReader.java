package io.manimvideo.operator.outcome;

import io.fabric8.kubernetes.api.model.ContainerState;
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
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Judges whether a child Job's step has ended, and how, from its pod: the termination message when there is a
 * readable one, otherwise the container's and pod's reasons. A silent end blames the infrastructure, so the same
 * step is retried; a render pod killed for memory without a message ({@code PodOutOfMemory}) blames the code only
 * when the same code was killed for memory in the attempt before (the retry budget's call, with the status: see
 * {@code RepeatedMemoryKill}). A codegen {@code too_long} is refused: no attempt can help.
 *
 * <p>When a step has ended is decided here, in {@link #judge}, and nowhere else: a Job has ended as soon as the pod
 * of each of its completions (one, or one per part of a render in parts) has exited 0 with a readable result (the Job
 * controller marks the Job Complete one to two seconds later, and the operator need not wait for it); any other end
 * waits for the Job's Complete or Failed condition, so a failure is judged by the Job's own rules (backoff limit,
 * retries per index). The step's result is that of the index {@link #RESULT_INDEX} names (the last part of a render
 * in parts, which joins the parts into the video), or of any completion when none is named.
 */
public class JobOutcomeReader {
    /** The label the job controller puts on a Job's pods. */
    public static final String JOB_NAME_LABEL = "batch.kubernetes.io/job-name";
    /** The index of an Indexed Job's pod, as the Job controller marks it (annotation and label). */
    public static final String COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";
    /**
     * The Job annotation naming the completion index whose pod's result is the whole Job's: the last part of a
     * render in parts, which joins the parts itself. Without it any completion's result is the Job's.
     */
    public static final String RESULT_INDEX = "manimvideo.io/result-index";

    private final KubernetesClient client;
    private final WorkloadResultCodec codec;

    public JobOutcomeReader(KubernetesClient client, WorkloadResultCodec codec) {
        this.client = client;
        this.codec = codec;
    }

    /**
     * How {@code job}'s step ended, or empty while it runs. {@code seenPods} are the pods the informer shows (any of
     * the VideoJob's; only {@code job}'s own count): a clean exit of a pod for each of its completions ends the step
     * before the Job is finished. The kubelet writes the termination message together with the terminated state,
     * and the workload writes it after its uploads, so a result seen is whole. Once the Job is finished its pods are
     * read from the API server, where the same exited pod gives the same outcome: a step is judged the same way
     * however often it is looked at.
     */
    public Optional<JobOutcome> judge(Job job, Workload workload, Collection<Pod> seenPods) {
        if (JobState.isFinished(job)) {
            return Optional.of(read(job, workload));
        }
        List<Pod> clean = seenPods.stream()
                .filter(p -> ownedBy(p, job) && cleanResult(p).isPresent())
                .toList();
        if (clean.stream().map(JobOutcomeReader::completionIndex).distinct().count() < completions(job)) {
            return Optional.empty();
        }
        Pod result = clean.stream().filter(p -> givesResult(p, job)).findFirst().orElse(clean.get(0));
        return cleanResult(result).map(r -> fromResult(r, true, workload));
    }

    /** The index {@link #RESULT_INDEX} names on {@code job}, if any. */
    public static Optional<String> resultIndex(Job job) {
        Map<String, String> annotations = job.getMetadata().getAnnotations();
        return Optional.ofNullable(annotations == null ? null : annotations.get(RESULT_INDEX));
    }

    /** Whether {@code pod}'s result is {@code job}'s: it runs the index {@link #RESULT_INDEX} names, or no index is. */
    private static boolean givesResult(Pod pod, Job job) {
        return resultIndex(job).map(i -> i.equals(completionIndex(pod))).orElse(true);
    }

    /**
     * The result a pod of {@code job} left when it exited 0, as the informer shows {@code seenPods} (any of the
     * VideoJob's; only {@code job}'s own count): empty while none has, or when it left none readable.
     */
    public Optional<WorkloadResult> cleanResult(Job job, Collection<Pod> seenPods) {
        return seenPods.stream()
                .filter(p -> ownedBy(p, job))
                .map(this::cleanResult)
                .flatMap(Optional::stream)
                .findFirst();
    }

    /**
     * Whether {@code pod}'s workload container has exited 0: the only pod change that can end a step before its Job
     * does (the operator's pod informer wakes a VideoJob for this one).
     */
    public static boolean exitedCleanly(Pod pod) {
        return cleanExit(pod).isPresent();
    }

    /**
     * Reads the outcome of a finished Job (the caller checks {@link JobState#isFinished}): from its newest pod (of the
     * index {@link #RESULT_INDEX} names, if any), or, when the Job failed, its newest failed pod (of a render in parts,
     * the part that failed: its message names it).
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
                : Comparator.comparing((Pod p) -> givesResult(p, job)).thenComparing(newest);
        Optional<Pod> pod = client
                .pods()
                .inNamespace(job.getMetadata().getNamespace())
                .withLabel(JOB_NAME_LABEL, job.getMetadata().getName())
                .list()
                .getItems()
                .stream()
                .filter(p -> ownedBy(p, job))
                .max(order);
        Optional<ContainerStateTerminated> terminated = pod.flatMap(JobOutcomeReader::terminatedState);
        Optional<WorkloadResult> result =
                terminated.map(ContainerStateTerminated::getMessage).flatMap(codec::parse);
        if (result.isPresent() && killedForMemory(result.get(), terminated.get(), workload)) {
            // the render reported its scene stopped at a limit, and the kernel's OOM killer struck in its container:
            // memory ran out, whose is not known yet (RepeatedMemoryKill)
            return JobOutcome.infrastructure(ErrorInfo.of(FailureReason.POD_OUT_OF_MEMORY, null)
                    .withName(workload.label())
                    .withDetail(result.get().message()));
        }
        if (result.isPresent()) {
            // a pod that exited 0 with its result succeeded, whatever came after (the same rule as before the Job
            // ended)
            return fromResult(result.get(), exitedCleanly(pod.get()) || JobState.succeeded(job), workload);
        }
        return fromReasons(job, workload, pod, terminated);
    }

    /** The completions a Job asks for: one, or one per part of a render in parts (an Indexed Job). */
    public static int completions(Job job) {
        Integer completions = job.getSpec() == null ? null : job.getSpec().getCompletions();
        return completions == null ? 1 : Math.max(1, completions);
    }

    /** The completion a pod runs: its index in an Indexed Job, "" for the one pod of a Job that is not Indexed. */
    public static String completionIndex(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        Map<String, String> labels = pod.getMetadata().getLabels();
        String index = annotations == null ? null : annotations.get(COMPLETION_INDEX);
        if (index == null && labels != null) {
            index = labels.get(COMPLETION_INDEX);
        }
        return Objects.requireNonNullElse(index, "");
    }

    /** The pod belongs to this Job (not to an earlier Job of the same name, say of a VideoJob made anew). */
    public static boolean ownedBy(Pod pod, Job job) {
        String uid = job.getMetadata().getUid();
        return uid == null
                || pod.getMetadata().getOwnerReferences() == null
                || pod.getMetadata().getOwnerReferences().stream().anyMatch(o -> uid.equals(o.getUid()));
    }

    /** The result of a pod that exited 0, if it left a readable one. */
    private Optional<WorkloadResult> cleanResult(Pod pod) {
        return cleanExit(pod).map(ContainerStateTerminated::getMessage).flatMap(codec::parse);
    }

    /** The workload container's end with exit code 0, as its state is now (not an earlier run's last state). */
    private static Optional<ContainerStateTerminated> cleanExit(Pod pod) {
        return workloadStatus(pod)
                .map(ContainerStatus::getState)
                .map(ContainerState::getTerminated)
                .filter(t -> Integer.valueOf(0).equals(t.getExitCode()));
    }

    /** @param succeeded the pod (or its Job) succeeded, so a reported success is trusted */
    private static JobOutcome fromResult(WorkloadResult r, boolean succeeded, Workload workload) {
        String name = workload.label();
        if (r.outcome() == Outcome.OK) {
            return succeeded
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

    /**
     * A render that reports {@code resource_limit} from a container the kernel's OOM killer struck (the container
     * runtime marks the container {@code OOMKilled} when any of its processes was): the scene's process was killed
     * for memory, not stopped by a limit of the sandbox's own (those end without an OOM kill).
     */
    private static boolean killedForMemory(WorkloadResult r, ContainerStateTerminated end, Workload workload) {
        return workload.isRender() && r.outcome() == Outcome.RESOURCE_LIMIT && "OOMKilled".equals(end.getReason());
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
        return workloadStatus(pod).flatMap(JobOutcomeReader::terminated);
    }

    private static Optional<ContainerStatus> workloadStatus(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getContainerStatuses().stream()
                .filter(s -> Workload.CONTAINER.equals(s.getName()))
                .findFirst();
    }

    private static Optional<ContainerStateTerminated> terminated(ContainerStatus s) {
        if (s.getState() != null && s.getState().getTerminated() != null) {
            return Optional.of(s.getState().getTerminated());
        }
        return Optional.ofNullable(s.getLastState()).map(st -> st.getTerminated());
    }
}
