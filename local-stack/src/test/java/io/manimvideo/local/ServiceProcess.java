package io.manimvideo.local;

import io.manimvideo.localinfra.ChildProcesses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A JVM of the project's own run as a child process with a main class, a classpath and environment variables, its
 * output prefixed with its name: the all-in-one run as {@code scripts/run-local.sh} starts it, for the test that
 * stops it with SIGTERM.
 */
final class ServiceProcess implements AutoCloseable {
    private final String name;
    private final Process process;

    private ServiceProcess(String name, Process process) {
        this.name = name;
        this.process = process;
    }

    static ServiceProcess startJava(
            String name,
            String classpath,
            String mainClass,
            Map<String, String> env,
            Path workDir,
            Consumer<String> console) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var builder = new ProcessBuilder(List.of(java, "-Xmx512m", "-cp", classpath, mainClass))
                .directory(workDir.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            ProcessOutput.pump(process, name + "-output", line -> console.accept("[" + name + "] " + line));
            return new ServiceProcess(name, process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    String name() {
        return name;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The process, to see what it started. */
    ProcessHandle handle() {
        return process.toHandle();
    }

    /** SIGTERM (the JVM runs its shutdown hooks), SIGKILL after the grace period; true when SIGTERM sufficed. */
    boolean stop(Duration grace) {
        return ChildProcesses.stop(process, grace);
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(15));
    }
}
