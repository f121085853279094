package io.manimvideo.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.manimvideo.localinfra.controlplane.SharedControlPlane;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * When the chart's pods do not become ready, the local stack says why as an admin would find it with kubectl (the
 * stop-24 case: a full disk, the kubelet evicting the pods, and Helm saying only "context deadline exceeded"). On the
 * real API server, with the node and pod status a kubelet under disk pressure writes.
 */
@Tag("controlplane")
class ClusterDiagnosisTest {
    @Test
    void aNodeUnderDiskPressureAndThePodItEvictedAreNamedWithTheKubeletsWords() {
        var plane = SharedControlPlane.get();
        String namespace = plane.createNamespace("diagnosis");
        KubernetesClient client = plane.client(namespace);
        String nodeName = "diagnosis-" + namespace;
        var node = client.nodes()
                .resource(new NodeBuilder()
                        .withNewMetadata()
                        .withName(nodeName)
                        .endMetadata()
                        .build())
                .create();
        try {
            assertThat(ClusterDiagnosis.of(client, namespace)).noneMatch(line -> line.contains(nodeName + ": Disk"));

            // as the kubelet writes it (the node lifecycle controller edits the node too: edit, not replace)
            client.nodes().withName(nodeName).editStatus(n -> {
                n.setStatus(new NodeStatusBuilder()
                        .withConditions(
                                condition("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
                                condition(
                                        "DiskPressure", "True", "KubeletHasDiskPressure", "kubelet has disk pressure"),
                                condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "fine"))
                        .build());
                return n;
            });
            var pod = client.pods()
                    .resource(new PodBuilder()
                            .withNewMetadata()
                            .withName("manim-video-operator-1")
                            .endMetadata()
                            .withNewSpec()
                            .addNewContainer()
                            .withName("operator")
                            .withImage("ghcr.io/manim-video/operator:0.1.0")
                            .endContainer()
                            .endSpec()
                            .build())
                    .create();
            String evicted = "The node was low on resource: ephemeral-storage. Threshold quantity: 2705531679,"
                    + " available: 1374912Ki.";
            client.pods().resource(pod).editStatus(p -> {
                p.setStatus(new PodStatusBuilder()
                        .withPhase("Failed")
                        .withReason("Evicted")
                        .withMessage(evicted)
                        .build());
                return p;
            });
            client.v1()
                    .events()
                    .resource(new EventBuilder()
                            .withNewMetadata()
                            .withName("operator.evicted")
                            .endMetadata()
                            .withNewInvolvedObject()
                            .withKind("Pod")
                            .withName("manim-video-operator-1")
                            .withNamespace(namespace)
                            .endInvolvedObject()
                            .withType("Warning")
                            .withReason("Evicted")
                            .withMessage(evicted)
                            .withLastTimestamp(Instant.now().toString())
                            .build())
                    .create();

            List<String> why = ClusterDiagnosis.of(client, namespace);

            assertThat(why)
                    .contains(
                            "node " + nodeName
                                    + ": DiskPressure=True (KubeletHasDiskPressure: kubelet has disk pressure)",
                            "pod manim-video-operator-1: Failed (Evicted: " + evicted + ")",
                            "event: Pod manim-video-operator-1: Evicted: " + evicted);
            assertThat(why).noneMatch(line -> line.contains("MemoryPressure") || line.contains("Ready="));
        } finally {
            client.nodes().withName(nodeName).delete();
            client.close();
        }
    }

    private static NodeCondition condition(String type, String status, String reason, String message) {
        return new NodeConditionBuilder()
                .withType(type)
                .withStatus(status)
                .withReason(reason)
                .withMessage(message)
                .build();
    }
}
