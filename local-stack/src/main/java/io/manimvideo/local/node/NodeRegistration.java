package io.manimvideo.local.node;

import io.fabric8.kubernetes.api.model.NodeAddressBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.NodeSystemInfoBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/** Registers the local node as a kubelet does: a Ready Node with this machine's capacity, at {@link #NODE_IP}. */
final class NodeRegistration {
    static final String NODE_IP = "127.0.0.1";

    private final KubernetesClient client;
    private final String nodeName;
    private final Path workRoot;

    NodeRegistration(KubernetesClient client, String nodeName, Path workRoot) {
        this.client = client;
        this.nodeName = nodeName;
        this.workRoot = workRoot;
    }

    /** Creates or updates the Node, then writes its status: Ready, with the kubelet's log endpoint on {@code kubeletPort}. */
    void register(int kubeletPort) {
        var osBean = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Map<String, Quantity> capacity = Map.of(
                "cpu", new Quantity(String.valueOf(Runtime.getRuntime().availableProcessors())),
                "memory", new Quantity(String.valueOf(osBean.getTotalMemorySize())),
                "ephemeral-storage",
                        new Quantity(String.valueOf(workRoot.toFile().getTotalSpace())),
                "pods", new Quantity("110"));
        String name = nodeName;
        var node = new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(Map.of(
                        "kubernetes.io/hostname",
                        name,
                        "kubernetes.io/os",
                        "linux",
                        "kubernetes.io/arch",
                        System.getProperty("os.arch").replace("x86_64", "amd64")))
                .endMetadata()
                .withNewSpec()
                .endSpec()
                .build();
        client.nodes().resource(node).createOr(existing -> existing.update());
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        client.nodes().withName(name).editStatus(n -> {
            n.setStatus(new NodeStatusBuilder()
                    .withCapacity(capacity)
                    .withAllocatable(capacity)
                    .withConditions(new NodeConditionBuilder()
                            .withType("Ready")
                            .withStatus("True")
                            .withReason("KubeletReady")
                            .withMessage("the local node agent runs pods as processes")
                            .withLastHeartbeatTime(now)
                            .withLastTransitionTime(now)
                            .build())
                    .withAddresses(
                            new NodeAddressBuilder()
                                    .withType("InternalIP")
                                    .withAddress(NODE_IP)
                                    .build(),
                            new NodeAddressBuilder()
                                    .withType("Hostname")
                                    .withAddress(name)
                                    .build())
                    .withNewDaemonEndpoints()
                    .withNewKubeletEndpoint()
                    .withPort(kubeletPort)
                    .endKubeletEndpoint()
                    .endDaemonEndpoints()
                    .withNodeInfo(new NodeSystemInfoBuilder()
                            .withOperatingSystem("linux")
                            .withArchitecture(System.getProperty("os.arch").replace("x86_64", "amd64"))
                            .withKernelVersion(System.getProperty("os.version"))
                            .withOsImage(System.getProperty("os.name"))
                            .withContainerRuntimeVersion("local-process://1")
                            .withKubeletVersion("manim-video-local-node")
                            .withKubeProxyVersion("")
                            .withMachineID("")
                            .withSystemUUID("")
                            .withBootID("")
                            .build())
                    .build());
            return n;
        });
    }
}
