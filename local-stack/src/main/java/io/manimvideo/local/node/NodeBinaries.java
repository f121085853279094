package io.manimvideo.local.node;

import io.manimvideo.localinfra.BuildScripts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where the node's programs are: kube-scheduler, kubelet, kube-proxy, containerd (with its runc shim and ctr), runc,
 * crictl, the CNI plugins in {@code cni/} and the pod sandbox image {@code pause.tar}. The directory named by
 * {@code MANIMVIDEO_NODE_BIN}, else the one {@code local-stack/node/build.sh} prints (it builds them from pinned Go
 * modules the first time and answers from its cache afterwards).
 */
public record NodeBinaries(Path dir) {
    public static final String BIN_VARIABLE = "MANIMVIDEO_NODE_BIN";
    public static final String BUILD_SCRIPT = "local-stack/node/build.sh";
    static final List<String> NAMES = List.of(
            "kube-scheduler",
            "kubelet",
            "kube-proxy",
            "containerd",
            "containerd-shim-runc-v2",
            "ctr",
            "runc",
            "crictl",
            "cni/bridge",
            "cni/host-local",
            "cni/loopback",
            "cni/portmap",
            "pause.tar");

    public NodeBinaries {
        for (String name : NAMES) {
            if (!Files.exists(dir.resolve(name))) {
                throw new IllegalStateException("node program missing: " + dir.resolve(name) + " (run " + BUILD_SCRIPT
                        + ", or point " + BIN_VARIABLE + " at a directory holding " + String.join(", ", NAMES) + ")");
            }
        }
    }

    public static NodeBinaries locate(Path projectDir, Consumer<String> progress) {
        Optional<String> configured =
                Optional.ofNullable(System.getenv(BIN_VARIABLE)).filter(s -> !s.isBlank());
        return new NodeBinaries(configured
                .map(Path::of)
                .orElseGet(() -> BuildScripts.run(projectDir.resolve(BUILD_SCRIPT), "node", progress)));
    }

    public Path program(String name) {
        return dir.resolve(name);
    }

    public Path cniPlugins() {
        return dir.resolve("cni");
    }

    /** The pod sandbox image as an OCI archive (Kubernetes' pause, built by the node's build script). */
    public Path pauseImage() {
        return dir.resolve("pause.tar");
    }
}
