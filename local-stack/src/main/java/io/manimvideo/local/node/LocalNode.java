package io.manimvideo.local.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.manimvideo.localinfra.Directories;
import io.manimvideo.localinfra.LoopbackPorts;
import io.manimvideo.localinfra.SupervisedProcess;
import io.manimvideo.localinfra.controlplane.Component;
import io.manimvideo.localinfra.controlplane.ControlPlane;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The one node of the local cluster, made of the real parts: containerd and runc run the pods from the project's
 * images, the kubelet (cgroup v1 through cgroupfs, as this machine has) manages them, kube-scheduler places them
 * and kube-proxy makes the Services work (the pods reach the API server through {@code kubernetes.default}).
 * Each part is {@link SupervisedProcess supervised}. Its state lives under the state directory, its image store
 * in the cache (imported once from the OCI archives), its pods' cgroups under one root of its own.
 * {@link #close()} removes every pod and then everything the node made on the host: mounts, cgroups, firewall
 * chains. The network it runs on ({@link PodNetwork}) is the caller's, made before the control plane.
 */
public final class LocalNode implements AutoCloseable {
    public static final String NAME = Component.NODE_NAME;
    /** The pods' cgroups' parent in every hierarchy (the kubelet's {@code cgroupRoot}). */
    public static final String CGROUP_ROOT = "manim-video-node";

    static final String SANDBOX_IMAGE = "localhost/manim-video/pause:3.10";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    /**
     * @param stateDir where containerd, the kubelet and the CNI plugins keep what they run (deleted first)
     * @param imageStore containerd's content and snapshots, kept between runs
     * @param images OCI archives to import (the pause image is added)
     */
    public record Settings(Path stateDir, Path imageStore, List<Path> images) {}

    private final NodeBinaries binaries;
    private final Settings settings;
    private final Consumer<String> console;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final HostLeftovers leftovers;
    private Containerd containerd;

    private LocalNode(NodeBinaries binaries, Settings settings, Consumer<String> console) {
        this.binaries = binaries;
        this.settings = settings;
        this.console = console;
        this.leftovers = new HostLeftovers(
                List.of(
                        settings.stateDir().toAbsolutePath(),
                        settings.imageStore().toAbsolutePath()),
                CGROUP_ROOT,
                console);
    }

    /** Starts the node's parts against {@code controlPlane} and returns once the Node is Ready for pods. */
    public static LocalNode start(
            NodeBinaries binaries, ControlPlane controlPlane, Settings settings, Consumer<String> console) {
        var node = new LocalNode(binaries, settings, console);
        try {
            node.startAll(controlPlane);
            return node;
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
    }

    private void startAll(ControlPlane controlPlane) {
        long begin = System.nanoTime();
        Path state = settings.stateDir().toAbsolutePath();
        leftovers.removeAll(); // of a node that was killed before it could clean up
        Directories.deleteTree(state);
        Path logs = createDirectories(state.resolve("logs"));
        setPermissions(state, "rwx--x--x");
        requireSearchableAncestors(state);
        // containerd makes its own directories 0700; the pods' user namespaces must pass through this one
        Path containerdDir = createDirectories(state.resolve("containerd"));
        setPermissions(containerdDir, "rwx--x--x");
        Path imageStore = createDirectories(settings.imageStore().toAbsolutePath());
        var client = controlPlane
                .kubeletClientCertificate()
                .orElseThrow(() -> new IllegalStateException("the control plane was not started for a node"));
        int kubeletPort = LoopbackPorts.free();
        Map<String, String> values = Map.ofEntries(
                Map.entry("STATE", state.toString()),
                Map.entry("BIN", binaries.dir().toAbsolutePath().toString()),
                Map.entry("IMAGE_STORE", imageStore.toString()),
                Map.entry("SANDBOX_IMAGE", SANDBOX_IMAGE),
                Map.entry("BRIDGE", PodNetwork.BRIDGE),
                Map.entry("POD_SUBNET", PodNetwork.POD_SUBNET),
                Map.entry("GATEWAY", PodNetwork.NODE_ADDRESS),
                Map.entry("CGROUP_ROOT", CGROUP_ROOT),
                Map.entry("NODE_IP", PodNetwork.NODE_ADDRESS),
                Map.entry("KUBELET_PORT", String.valueOf(kubeletPort)),
                Map.entry("HEALTHZ_PORT", String.valueOf(LoopbackPorts.free())),
                Map.entry("CLIENT_CA", client.ca().toString()));
        Path containerdConfig = NodeConfigFiles.write("containerd.toml", values, state.resolve("containerd.toml"));
        NodeConfigFiles.write("cni.conflist", values, state.resolve("cni/net.d/10-manim-video.conflist"));
        Path kubeletConfig = NodeConfigFiles.write("kubelet.yaml", values, state.resolve("kubelet.yaml"));

        containerd = keep(Containerd.start(
                binaries,
                containerdConfig,
                containerdDir.resolve("containerd.sock"),
                logs.resolve("containerd.log"),
                console));
        long importStart = System.nanoTime();
        containerd.importImage(binaries.pauseImage());
        for (Path image : settings.images()) {
            containerd.importImage(image);
        }
        console.accept(String.format(
                Locale.ROOT,
                "node: %d images imported into containerd in %.1f s",
                settings.images().size() + 1,
                (System.nanoTime() - importStart) / 1e9));

        leftovers.createCgroupRoots();
        keep(supervised(
                "kubelet",
                logs,
                List.of(
                        binaries.program("kubelet").toString(),
                        "--config",
                        kubeletConfig.toString(),
                        "--kubeconfig",
                        controlPlane
                                .writeKubeconfig(state.resolve("kubelet.kubeconfig"), Component.KUBELET)
                                .toString(),
                        "--root-dir",
                        createDirectories(state.resolve("kubelet")).toString(),
                        "--cert-dir",
                        state.resolve("kubelet/pki").toString(),
                        "--hostname-override",
                        NAME,
                        "--node-ip",
                        PodNetwork.NODE_ADDRESS)));
        keep(supervised(
                "kube-scheduler",
                logs,
                List.of(
                        binaries.program("kube-scheduler").toString(),
                        "--kubeconfig",
                        controlPlane
                                .writeKubeconfig(state.resolve("scheduler.kubeconfig"), Component.SCHEDULER)
                                .toString(),
                        "--leader-elect=false",
                        "--secure-port",
                        "0")));
        keep(supervised(
                "kube-proxy",
                logs,
                List.of(
                        binaries.program("kube-proxy").toString(),
                        "--kubeconfig",
                        controlPlane
                                .writeKubeconfig(state.resolve("proxy.kubeconfig"), Component.PROXY)
                                .toString(),
                        "--proxy-mode",
                        "iptables",
                        "--cluster-cidr",
                        PodNetwork.POD_SUBNET,
                        "--hostname-override",
                        NAME,
                        // node ports answer on this machine's loopback too (the web page on 127.0.0.1)
                        "--nodeport-addresses",
                        "127.0.0.0/8," + PodNetwork.NODE_ADDRESS + "/32",
                        "--metrics-bind-address",
                        "127.0.0.1:" + LoopbackPorts.free(),
                        "--healthz-bind-address",
                        "127.0.0.1:" + LoopbackPorts.free())));
        try (KubernetesClient admin = controlPlane.client()) {
            awaitReady(admin);
        }
        console.accept(String.format(
                Locale.ROOT,
                "node %s ready in %.1f s (kubelet on %s:%d, containerd %s)",
                NAME,
                (System.nanoTime() - begin) / 1e9,
                PodNetwork.NODE_ADDRESS,
                kubeletPort,
                containerd.socket()));
    }

    /**
     * A pod in a user namespace of its own ({@code hostUsers: false}, as render pods are) is an unprivileged uid of
     * the host when its container starts, and must pass through every directory above its root file system.
     */
    private static void requireSearchableAncestors(Path dir) {
        for (Path ancestor = dir.getParent(); ancestor != null; ancestor = ancestor.getParent()) {
            try {
                if (!Files.getPosixFilePermissions(ancestor).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    throw new IllegalStateException("the node's state directory " + dir + " is under " + ancestor
                            + ", which other users cannot pass through (mode "
                            + PosixFilePermissions.toString(Files.getPosixFilePermissions(ancestor))
                            + "): pods in a user namespace of their own could not start. Choose a state directory"
                            + " elsewhere (LOCAL_STATE_DIR) or allow it: chmod o+x " + ancestor);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private SupervisedProcess supervised(String name, Path logs, List<String> command) {
        return SupervisedProcess.start(name, command, logs.resolve(name + ".log"))
                .supervise(console);
    }

    /** Ready, and without the not-ready taint the node lifecycle controller takes off: pods can be placed. */
    private void awaitReady(KubernetesClient admin) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            Node node = admin.nodes().withName(NAME).get();
            if (node != null && isReady(node) && untainted(node)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("node " + NAME + " not ready for pods within " + READY_TIMEOUT
                        + " (see " + settings.stateDir().resolve("logs") + ")");
            }
            for (AutoCloseable part : started) {
                if (part instanceof SupervisedProcess process && process.restarts() > 0) {
                    throw new IllegalStateException(process.name() + " keeps stopping; last lines of " + process.log()
                            + ":\n" + process.tail());
                }
            }
            HostCommands.sleep(250);
        }
    }

    private static boolean isReady(Node node) {
        return node.getStatus() != null
                && node.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static boolean untainted(Node node) {
        return node.getSpec().getTaints() == null
                || node.getSpec().getTaints().stream().noneMatch(t -> "NoSchedule".equals(t.getEffect()));
    }

    private <T extends AutoCloseable> T keep(T part) {
        started.push(part);
        return part;
    }

    private static Path createDirectories(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void setPermissions(Path path, String permissions) {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops kube-proxy, the scheduler and the kubelet, removes every pod through containerd, stops containerd,
     * then removes what is left on the host (mounts, cgroups, the firewall chains of kube-proxy and the kubelet).
     */
    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable part = started.pop();
            if (part == containerd) {
                containerd.removeAllPods(console);
            }
            try {
                part.close();
            } catch (Exception e) {
                console.accept("while stopping the node: " + e);
            }
        }
        HostCommands.runQuietly(console, binaries.program("kube-proxy").toString(), "--cleanup");
        leftovers.removeAll();
    }
}
