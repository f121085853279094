package io.manimvideo.testsupport.controlplane;

import io.manimvideo.testsupport.ChildProcesses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** One process of the control plane (etcd, kube-apiserver, kube-controller-manager), its output in a log file. */
final class ControlPlaneProcess implements AutoCloseable {
    private static final int TAIL_LINES = 15;

    private final String name;
    private final Process process;
    private final Path log;

    private ControlPlaneProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static ControlPlaneProcess start(String name, List<String> command, Path log) {
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            return new ControlPlaneProcess(name, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " (" + command.get(0) + ")", e);
        }
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    /** Throws with the reason (a port taken, or the last lines of its log) when the process has exited. */
    void checkAlive() {
        if (process.isAlive()) {
            return;
        }
        String tail = tail();
        String reason = tail.contains("address already in use")
                ? "a port it was given is taken (another process listens on it)"
                : "exit code " + process.exitValue();
        throw new IllegalStateException(name + " stopped: " + reason + "; last lines of " + log + ":\n" + tail);
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM, then SIGKILL when it has not exited within 10 s. */
    @Override
    public void close() {
        ChildProcesses.stop(process, Duration.ofSeconds(10));
    }
}
