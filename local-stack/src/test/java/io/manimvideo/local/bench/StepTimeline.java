package io.manimvideo.local.bench;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.Watchable;
import io.manimvideo.api.VideoJob;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Where the time of one job goes: when this client first saw each step of a VideoJob and of its child Jobs and
 * pods (watch events, millisecond clock of this process), because the API's own timestamps are whole seconds.
 */
final class StepTimeline implements AutoCloseable {
    private static final String VIDEOJOB_LABEL = "manimvideo.io/videojob";
    private static final String WORKLOAD_LABEL = "manimvideo.io/workload";
    private static final String COMPLETION_INDEX_LABEL = "batch.kubernetes.io/job-completion-index";

    private final Map<String, Map<String, Long>> seen = new ConcurrentHashMap<>();
    private final List<Watch> watches;

    StepTimeline(KubernetesClient client, String namespace) {
        watches = List.of(
                watch(client.resources(VideoJob.class).inNamespace(namespace), vj -> {
                    mark(vj.getMetadata().getName(), "videojob created");
                    if (vj.getStatus() != null && vj.getStatus().getPhase() != null) {
                        mark(
                                vj.getMetadata().getName(),
                                "phase " + vj.getStatus().getPhase().wireName());
                    }
                }),
                watch(
                        client.batch().v1().jobs().inNamespace(namespace),
                        job -> owner(job).ifPresent(vj -> {
                            String step = job.getMetadata().getLabels().getOrDefault(WORKLOAD_LABEL, "job");
                            mark(vj, step + " Job created");
                            if (job.getStatus() != null
                                    && job.getStatus().getConditions() != null
                                    && job.getStatus().getConditions().stream()
                                            .anyMatch(c -> "True".equals(c.getStatus())
                                                    && List.of("Complete", "Failed")
                                                            .contains(c.getType()))) {
                                mark(vj, step + " Job finished");
                            }
                        })),
                watch(
                        client.pods().inNamespace(namespace),
                        pod -> owner(pod).ifPresent(vj -> {
                            // the pods of a render in parts one by one: "parts 0", "parts 1"
                            String index = pod.getMetadata().getLabels().get(COMPLETION_INDEX_LABEL);
                            String step = pod.getMetadata().getLabels().getOrDefault(WORKLOAD_LABEL, "pod")
                                    + (index == null ? "" : " " + index);
                            mark(vj, step + " pod created");
                            if (unschedulable(pod)) {
                                // e.g. the node's CPU requests are full until an exited pod is marked Succeeded
                                mark(vj, step + " pod unschedulable");
                            }
                            if (pod.getSpec().getNodeName() != null) {
                                mark(vj, step + " pod bound");
                            }
                            if (pod.getStatus() != null
                                    && "Succeeded".equals(pod.getStatus().getPhase())) {
                                mark(vj, step + " pod succeeded");
                            }
                            for (ContainerStatus c : containers(pod)) {
                                if (c.getState().getRunning() != null) {
                                    mark(vj, step + " container running");
                                }
                                if (c.getState().getTerminated() != null) {
                                    mark(vj, step + " container exited");
                                }
                            }
                        })));
    }

    /** Marks a moment of the client's own (the submit, the stream's ready event). */
    void mark(String videoJob, String step) {
        mark(videoJob, step, System.nanoTime());
    }

    void mark(String videoJob, String step, long nanoTime) {
        seen.computeIfAbsent(videoJob, k -> new ConcurrentHashMap<>()).putIfAbsent(step, nanoTime);
    }

    /** Each step of {@code videoJob} in milliseconds after {@code from}, in the order they were seen. */
    Map<String, Long> steps(String videoJob, String from) {
        Map<String, Long> steps = seen.getOrDefault(videoJob, Map.of());
        Long zero = steps.get(from);
        Map<String, Long> ordered = new LinkedHashMap<>();
        if (zero == null) {
            return ordered;
        }
        steps.entrySet().stream()
                .sorted(Map.Entry.comparingByValue())
                .forEach(e -> ordered.put(e.getKey(), (e.getValue() - zero) / 1_000_000));
        return ordered;
    }

    @Override
    public void close() {
        watches.forEach(Watch::close);
    }

    private static List<ContainerStatus> containers(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
                ? List.of()
                : pod.getStatus().getContainerStatuses();
    }

    private static boolean unschedulable(Pod pod) {
        return pod.getStatus() != null
                && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "PodScheduled".equals(c.getType()) && "Unschedulable".equals(c.getReason()));
    }

    private static Optional<String> owner(HasMetadata resource) {
        Map<String, String> labels = resource.getMetadata().getLabels();
        return labels == null ? Optional.empty() : Optional.ofNullable(labels.get(VIDEOJOB_LABEL));
    }

    private static <T> Watch watch(Watchable<T> source, Consumer<T> onEvent) {
        return source.watch(new Watcher<T>() {
            @Override
            public void eventReceived(Action action, T resource) {
                if (action != Action.DELETED) {
                    onEvent.accept(resource);
                }
            }

            @Override
            public void onClose(WatcherException cause) {}
        });
    }
}
