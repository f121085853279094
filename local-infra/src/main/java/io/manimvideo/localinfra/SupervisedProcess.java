package io.manimvideo.localinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One process of the local cluster (etcd, kube-apiserver, containerd, the kubelet...), its output appended to a
 * log file. Once {@link #supervise supervised}, it is started again when it exits on its own, as a service manager
 * would (after 1 s, doubling to at most 30 s while it keeps dying young), and each exit and restart is told to the
 * console. {@link #close()} stops it for good.
 */
public final class SupervisedProcess implements AutoCloseable {
    private static final int TAIL_LINES = 15;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** A process that ran this long before dying starts again after the shortest wait. */
    private static final Duration HEALTHY_RUN = Duration.ofMinutes(1);

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path log;
    private volatile Process process;
    private volatile boolean closed;
    private Consumer<String> console;
    private int restarts;
    private long startedAt;
    private Duration backoff = Duration.ofSeconds(1);

    private SupervisedProcess(String name, List<String> command, Map<String, String> environment, Path log) {
        this.name = name;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.log = log;
    }

    public static SupervisedProcess start(String name, List<String> command, Path log) {
        return start(name, command, Map.of(), log);
    }

    /** Starts {@code command} with {@code environment} added to this JVM's. */
    public static SupervisedProcess start(
            String name, List<String> command, Map<String, String> environment, Path log) {
        var supervised = new SupervisedProcess(name, command, environment, log);
        supervised.launch();
        return supervised;
    }

    private synchronized void launch() {
        try {
            Files.createDirectories(Directories.parentOf(log));
            var builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            process = builder.start();
            startedAt = System.nanoTime();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " (" + command.get(0) + ")", e);
        }
    }

    /** From now on an exit is answered by a restart, told to {@code console}. */
    public synchronized SupervisedProcess supervise(Consumer<String> console) {
        this.console = console;
        watch(process);
        return this;
    }

    private void watch(Process watched) {
        watched.onExit().thenRun(() -> restartAfter(watched));
    }

    private void restartAfter(Process exited) {
        Duration wait;
        synchronized (this) {
            if (closed || exited != process) {
                return;
            }
            boolean young = System.nanoTime() - startedAt < HEALTHY_RUN.toNanos();
            backoff = young ? min(backoff.multipliedBy(2), MAX_BACKOFF) : Duration.ofSeconds(1);
            wait = restarts == 0 || !young ? Duration.ofSeconds(1) : backoff;
            restarts++;
            console.accept(String.format(
                    "%s exited (code %d); starting it again in %d s (restart %d; log %s)",
                    name, exited.exitValue(), wait.toSeconds(), restarts, log));
        }
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            try {
                launch();
                watch(process);
            } catch (UncheckedIOException e) {
                console.accept(name + " could not be started again: " + e.getMessage());
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    /** The running process (a new one after each restart). */
    public Process process() {
        return process;
    }

    /** How many times it was started again. */
    public synchronized int restarts() {
        return restarts;
    }

    /** Throws with the reason (a port taken, or the last lines of its log) when the process has exited. */
    public void checkAlive() {
        Process current = process;
        if (current.isAlive()) {
            return;
        }
        String tail = tail();
        String reason = tail.contains("address already in use")
                ? "a port it was given is taken (another process listens on it)"
                : "exit code " + current.exitValue();
        throw new IllegalStateException(name + " stopped: " + reason + "; last lines of " + log + ":\n" + tail);
    }

    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM, then SIGKILL when it has not exited within {@code grace}; no restart after this. */
    public void stop(Duration grace) {
        Process current;
        synchronized (this) {
            closed = true;
            current = process;
        }
        ChildProcesses.stop(current, grace);
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(10));
    }

    @Override
    public String toString() {
        return name;
    }
}
