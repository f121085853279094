package io.manimvideo.local.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The render containers the local Job runner runs as processes of this JVM ({@code python -m manimrender
 * job}), and which pod's work dir each one renders in (its {@code MANIMRENDER_WORK_DIR}).
 */
final class RenderProcesses {
    private RenderProcesses() {}

    /** The render containers running now (the runner's own children, not the processes they start). */
    static List<ProcessHandle> running() {
        return ProcessHandle.current()
                .children()
                .filter(p -> p.info()
                        .commandLine()
                        .map(c -> c.contains("manimrender job"))
                        .orElse(false))
                .toList();
    }

    /** Processes (the render and its children) whose work dir is a pod of this Job, e.g. {@code vj-render-1}. */
    static List<ProcessHandle> ofJob(String jobName) {
        return ProcessHandle.current()
                .descendants()
                .filter(p ->
                        workDir(p).map(dir -> dir.contains("/" + jobName + "-")).orElse(false))
                .toList();
    }

    private static Optional<String> workDir(ProcessHandle process) {
        try {
            String environ = new String(
                    Files.readAllBytes(Path.of("/proc", String.valueOf(process.pid()), "environ")),
                    StandardCharsets.UTF_8);
            for (String variable : environ.split("\0")) {
                if (variable.startsWith("MANIMRENDER_WORK_DIR=")) {
                    return Optional.of(variable.substring("MANIMRENDER_WORK_DIR=".length()));
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // gone meanwhile
        }
    }
}
