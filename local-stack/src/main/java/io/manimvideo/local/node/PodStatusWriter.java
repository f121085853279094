package io.manimvideo.local.node;

import static io.manimvideo.local.node.NodeRegistration.NODE_IP;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Writes a Pod's status through the status subresource, as the kubelet does; a Pod deleted meanwhile is left alone. */
final class PodStatusWriter {
    private final KubernetesClient client;

    PodStatusWriter(KubernetesClient client) {
        this.client = client;
    }

    void write(String namespace, String name, PodStatus status) {
        try {
            client.pods().inNamespace(namespace).withName(name).editStatus(pod -> {
                pod.setStatus(status);
                return pod;
            });
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    /** The Pod's status at {@code phase}, as a kubelet reports it: its conditions and its containers' states. */
    void write(Pod pod, String phase, String started, List<ContainerStatus> containers, String reason, String message) {
        boolean running = "Running".equals(phase);
        boolean ended = "Succeeded".equals(phase) || "Failed".equals(phase);
        String readyReason = ended ? "PodCompleted" : running ? null : "ContainersNotReady";
        List<PodCondition> conditions = List.of(
                condition("PodReadyToStartContainers", true, null, started),
                condition("Initialized", true, null, started),
                condition("Ready", running, readyReason, now()),
                condition("ContainersReady", running, readyReason, now()),
                condition("PodScheduled", true, null, started));
        write(
                pod.getMetadata().getNamespace(),
                pod.getMetadata().getName(),
                new PodStatusBuilder()
                        .withPhase(phase)
                        .withReason(reason)
                        .withMessage(message)
                        .withHostIP(NODE_IP)
                        .withPodIP(NODE_IP)
                        .withPodIPs(new PodIP(NODE_IP))
                        .withHostIPs(new HostIP(NODE_IP))
                        .withStartTime(started)
                        .withQosClass(qosClass(pod))
                        .withConditions(conditions)
                        .withContainerStatuses(containers)
                        .build());
    }

    private static String qosClass(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getQosClass() != null
                ? pod.getStatus().getQosClass()
                : "Burstable";
    }

    private static PodCondition condition(String type, boolean value, String reason, String when) {
        return new PodConditionBuilder()
                .withType(type)
                .withStatus(value ? "True" : "False")
                .withReason(reason)
                .withLastTransitionTime(when)
                .build();
    }

    static ContainerState waitingState(String reason, String message) {
        return new ContainerStateBuilder()
                .withNewWaiting()
                .withReason(reason)
                .withMessage(message)
                .endWaiting()
                .build();
    }

    static ContainerStatus containerStatus(String name, String image, ContainerState state) {
        boolean running = state.getRunning() != null;
        return new ContainerStatusBuilder()
                .withName(name)
                .withImage(image)
                .withImageID("")
                .withReady(running)
                .withStarted(running)
                .withRestartCount(0)
                .withState(state)
                .build();
    }

    static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
