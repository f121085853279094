package io.manimvideo.local.node;

import io.manimvideo.local.ProcessOutput;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * One container run as a local process: its output goes line by line to a sink (console and pod log), and
 * stopping it stops the whole process tree, as the kubelet does with a container's cgroup.
 */
final class ContainerProcess {
    /** The kubelet's limit on a termination message. */
    static final int MAX_MESSAGE_BYTES = 4096;

    private final Process process;
    private final Thread pump;
    private final Path resultFile;

    private ContainerProcess(Process process, Thread pump, Path resultFile) {
        this.process = process;
        this.pump = pump;
        this.resultFile = resultFile;
    }

    static ContainerProcess start(
            List<String> command, Map<String, String> env, Path workDir, Path resultFile, Consumer<String> output) {
        var builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(env);
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        try {
            Process process = builder.start();
            Thread pump = ProcessOutput.pump(process, "container-output-" + process.pid(), output);
            return new ContainerProcess(process, pump, resultFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    /** Waits for the exit and for the last line of output. */
    int waitFor() throws InterruptedException {
        int code = process.waitFor();
        pump.join(TimeUnit.SECONDS.toMillis(5));
        return code;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The process and every process it started. */
    Stream<ProcessHandle> processes() {
        return Stream.concat(Stream.of(process.toHandle()), process.descendants());
    }

    /** SIGKILL to the process and its descendants at once, as the kernel's OOM killer ends a container. */
    void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** SIGTERM to the process and its descendants, SIGKILL to whatever is left after the grace period. */
    void stop(Duration grace) {
        var descendants = process.descendants().toList();
        descendants.forEach(ProcessHandle::destroy);
        process.destroy();
        long deadline = System.nanoTime() + grace.toNanos();
        while (System.nanoTime() < deadline
                && (process.isAlive() || descendants.stream().anyMatch(ProcessHandle::isAlive))) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        descendants.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** The termination message: the result file's content, at most 4096 bytes, as the kubelet reads it. */
    String terminationMessage() {
        try {
            if (!Files.exists(resultFile)) {
                return "";
            }
            byte[] bytes = Files.readAllBytes(resultFile);
            int length = Math.min(bytes.length, MAX_MESSAGE_BYTES);
            return new String(bytes, 0, length, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
