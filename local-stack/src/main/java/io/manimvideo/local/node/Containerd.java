package io.manimvideo.local.node;

import io.manimvideo.localinfra.SupervisedProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * containerd of the local node, with its CRI plugin (what the kubelet runs pods through), and what the node does
 * with it directly: importing the images from OCI archives into the {@code k8s.io} namespace (there is no registry
 * here) and removing every pod when the node stops.
 */
final class Containerd implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final String NAMESPACE = "k8s.io";

    private final NodeBinaries binaries;
    private final Path socket;
    private final SupervisedProcess process;

    private Containerd(NodeBinaries binaries, Path socket, SupervisedProcess process) {
        this.binaries = binaries;
        this.socket = socket;
        this.process = process;
    }

    static Containerd start(NodeBinaries binaries, Path config, Path socket, Path log, Consumer<String> console) {
        // the runc shim is found on PATH
        var process = SupervisedProcess.start(
                "containerd",
                List.of(binaries.program("containerd").toString(), "--config", config.toString()),
                Map.of("PATH", binaries.dir() + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin")),
                log);
        var containerd = new Containerd(binaries, socket, process);
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (!Files.exists(socket) || !HostCommands.succeeds(containerd.ctr("version"))) {
            process.checkAlive();
            if (System.nanoTime() > deadline) {
                process.close();
                throw new IllegalStateException("containerd did not answer on " + socket + " within " + STARTUP
                        + "; last lines of " + log + ":\n" + process.tail());
            }
            HostCommands.sleep(100);
        }
        process.supervise(console);
        return containerd;
    }

    Path socket() {
        return socket;
    }

    /** Imports an OCI archive; an image already in the store is only checked. */
    void importImage(Path archive) {
        HostCommands.run(ctr("images", "import", archive.toString()));
    }

    /** Stops and removes every pod sandbox and its containers (their network, mounts and cgroups with them). */
    void removeAllPods(Consumer<String> console) {
        HostCommands.runQuietly(console, crictl("rmp", "--all", "--force"));
    }

    private String[] ctr(String... arguments) {
        List<String> command = new ArrayList<>(
                List.of(binaries.program("ctr").toString(), "--address", socket.toString(), "--namespace", NAMESPACE));
        command.addAll(List.of(arguments));
        return command.toArray(String[]::new);
    }

    private String[] crictl(String... arguments) {
        List<String> command = new ArrayList<>(List.of(
                binaries.program("crictl").toString(), "--runtime-endpoint", "unix://" + socket, "--timeout", "60s"));
        command.addAll(List.of(arguments));
        return command.toArray(String[]::new);
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(20));
    }
}
