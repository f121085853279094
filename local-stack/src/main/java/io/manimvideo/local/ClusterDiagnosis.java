package io.manimvideo.local;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What an admin would look at with kubectl when the chart's pods did not become ready: the node's conditions that are
 * wrong (a pressure, not Ready), the pods that are not running and ready (evicted, pulling, crashing) and the last
 * warning events. Helm's own error says only "context deadline exceeded"; a full disk (the kubelet evicting every pod
 * for ephemeral storage) looked the same as a slow machine.
 */
final class ClusterDiagnosis {
    /** Conditions that are wrong when True; {@code Ready} is wrong when it is not True. */
    private static final Set<String> PRESSURES =
            Set.of("DiskPressure", "MemoryPressure", "PIDPressure", "NetworkUnavailable");

    private static final int WARNINGS = 5;

    private ClusterDiagnosis() {}

    /** One line per finding, most telling first (nodes, then pods, then events); empty when nothing looks wrong. */
    static List<String> of(KubernetesClient client, String namespace) {
        List<String> lines = new ArrayList<>();
        try {
            client.nodes().list().getItems().forEach(node -> nodeLines(node, lines));
            client.pods().inNamespace(namespace).list().getItems().forEach(pod -> podLines(pod, lines));
            client.v1().events().inNamespace(namespace).list().getItems().stream()
                    .filter(e -> "Warning".equals(e.getType()))
                    .sorted(Comparator.comparing(ClusterDiagnosis::when).reversed())
                    .limit(WARNINGS)
                    .forEach(e -> lines.add("event: " + e.getInvolvedObject().getKind() + " "
                            + e.getInvolvedObject().getName() + ": " + e.getReason() + ": " + e.getMessage()));
        } catch (KubernetesClientException e) {
            lines.add("the API server could not be asked what went wrong: " + e.getMessage());
        }
        return lines;
    }

    private static void nodeLines(Node node, List<String> lines) {
        List<NodeCondition> conditions =
                node.getStatus() == null || node.getStatus().getConditions() == null
                        ? List.of()
                        : node.getStatus().getConditions();
        for (NodeCondition c : conditions) {
            boolean wrong = "Ready".equals(c.getType())
                    ? !"True".equals(c.getStatus())
                    : PRESSURES.contains(c.getType()) && "True".equals(c.getStatus());
            if (wrong) {
                lines.add("node " + node.getMetadata().getName() + ": " + c.getType() + "=" + c.getStatus() + " ("
                        + c.getReason() + ": " + c.getMessage() + ")");
            }
        }
    }

    private static void podLines(Pod pod, List<String> lines) {
        var status = pod.getStatus();
        String name = pod.getMetadata().getName();
        if (status == null) {
            return;
        }
        if (!"Running".equals(status.getPhase()) && !"Succeeded".equals(status.getPhase())) {
            lines.add("pod " + name + ": " + status.getPhase()
                    + (status.getReason() == null ? "" : " (" + status.getReason() + ": " + status.getMessage() + ")"));
        }
        Stream.concat(
                        Objects.requireNonNullElse(status.getInitContainerStatuses(), List.<ContainerStatus>of())
                                .stream(),
                        Objects.requireNonNullElse(status.getContainerStatuses(), List.<ContainerStatus>of()).stream())
                .filter(c -> c.getState() != null && c.getState().getWaiting() != null)
                .forEach(c -> lines.add("pod " + name + ", container " + c.getName() + ": waiting ("
                        + c.getState().getWaiting().getReason() + ": "
                        + c.getState().getWaiting().getMessage()
                        + ")"));
    }

    /** When the event last happened (events.k8s.io ones carry only an event time), "" when it says neither. */
    private static String when(Event e) {
        if (e.getLastTimestamp() != null) {
            return e.getLastTimestamp();
        }
        return e.getEventTime() != null ? e.getEventTime().getTime() : "";
    }
}
