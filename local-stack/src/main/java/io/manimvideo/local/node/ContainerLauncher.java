package io.manimvideo.local.node;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Turns a container of a pod into a local process: the image becomes a local command
 * ({@link ImageCommands}), emptyDir mounts become directories under the pod's directory, {@code /work}
 * becomes the work dir ({@code MANIMRENDER_WORK_DIR}, {@code HOME}, {@code TMPDIR}), and the termination
 * message path becomes a file the runner reads when the process ends; like the kubelet's, the emptyDirs and the
 * work dir are open to every uid (0777) and the termination-message file writable by every uid (0666), as the
 * container's uid is not the agent's. The security context is applied by {@link ContainerSecurity} (the user, a
 * read-only root, the kubelet's {@code runAsNonRoot} check), the resource limits by a {@link ContainerCgroup}
 * the container's first process joins, where one can be made.
 */
final class ContainerLauncher {
    static final String WORK_MOUNT = "/work";
    private static final int FALLBACK_LINES = 80;
    private static final Set<PosixFilePermission> OPEN_DIRECTORY = PosixFilePermissions.fromString("rwxrwxrwx");
    private static final Set<PosixFilePermission> OPEN_FILE = PosixFilePermissions.fromString("rw-rw-rw-");

    /** Why a container could not start, as the kubelet reports it. */
    static final class LaunchFailure extends Exception {
        final String reason;

        LaunchFailure(String reason, String message) {
            super(message);
            this.reason = reason;
        }
    }

    /**
     * A started container, its cgroup (if one could be made), its memory limit (for {@link MemoryWatch} where
     * there is no cgroup) and the tail of its output (for FallbackToLogsOnError).
     */
    record Launched(
            Container container,
            ContainerProcess process,
            ContainerLog log,
            Deque<String> tail,
            Optional<ContainerCgroup> cgroup,
            OptionalLong memoryLimit) {
        String terminationMessage(int exitCode) {
            String message = process.terminationMessage();
            if (message.isEmpty()
                    && exitCode != 0
                    && "FallbackToLogsOnError".equals(container.getTerminationMessagePolicy())) {
                synchronized (tail) {
                    String logs = String.join("\n", tail);
                    return logs.length() > 2048 ? logs.substring(logs.length() - 2048) : logs;
                }
            }
            return message;
        }
    }

    private final ImageCommands images;
    private final ContainerEnvironment environment;
    private final String path;
    private final Path cgroupRoot;

    /** {@code cgroupRoot}: where the cgroup file system is mounted ({@code /sys/fs/cgroup}). */
    ContainerLauncher(ImageCommands images, ContainerEnvironment environment, String path, Path cgroupRoot) {
        this.images = images;
        this.environment = environment;
        this.path = path;
        this.cgroupRoot = cgroupRoot;
    }

    /** Starts the container; its output goes to {@code log} and to {@code console}. */
    Launched launch(Pod pod, Container container, Path podDir, ContainerLog log, Consumer<String> console)
            throws LaunchFailure {
        var image = images.find(container.getImage())
                .orElseThrow(() -> new LaunchFailure(
                        "ErrImagePull", "no local command is configured for image " + container.getImage()));
        Map<String, String> containerEnv;
        try {
            containerEnv = environment.resolve(pod, container);
        } catch (ContainerEnvironment.ConfigError e) {
            throw new LaunchFailure("CreateContainerConfigError", e.getMessage());
        }
        var security = ContainerSecurity.of(pod, container);
        var nonRoot = security.nonRootViolation();
        if (nonRoot.isPresent()) {
            throw new LaunchFailure("CreateContainerConfigError", nonRoot.get());
        }
        Map<String, Path> mounts = mounts(pod, container, podDir);
        Path workDir = mounts.getOrDefault(WORK_MOUNT, podDir.resolve("work"));
        Path resultFile = podDir.resolve(container.getName() + ".termination-log");
        Path tmp = workDir.resolve("tmp");
        try {
            for (Path dir : mounts.values()) {
                Files.setPosixFilePermissions(Files.createDirectories(dir), OPEN_DIRECTORY);
            }
            Files.setPosixFilePermissions(Files.createDirectories(workDir), OPEN_DIRECTORY);
            Files.setPosixFilePermissions(Files.createDirectories(tmp), OPEN_DIRECTORY);
            Files.deleteIfExists(resultFile);
            Files.setPosixFilePermissions(Files.createFile(resultFile), OPEN_FILE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }

        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", path);
        env.put("LANG", "C.UTF-8");
        env.putAll(image.env());
        containerEnv.forEach((k, v) -> env.put(k, localPath(v, mounts)));
        env.put("HOME", workDir.toString());
        env.put("TMPDIR", tmp.toString());
        env.put("MANIMRENDER_WORK_DIR", workDir.toString());
        env.put("MANIMRENDER_RESULT_PATH", resultFile.toString());
        env.put("CODEGEN_RESULT_PATH", resultFile.toString());

        List<String> command =
                new ArrayList<>(image.entrypoint().isEmpty() ? orEmpty(container.getCommand()) : image.entrypoint());
        command.addAll(orEmpty(container.getArgs()));
        if (command.isEmpty()) {
            throw new LaunchFailure("CreateContainerError", "no command for container " + container.getName());
        }
        command.replaceAll(arg -> ContainerEnvironment.expand(arg, env));
        if (security.confined()) {
            List<Path> writable = new ArrayList<>(mounts.values());
            writable.addAll(List.of(workDir, tmp, resultFile));
            command = security.wrap(command, podDir, writable, workDir);
        }
        var cgroup = ContainerCgroup.make(
                cgroupRoot,
                "local-node-" + pod.getMetadata().getUid() + "-" + container.getName(),
                security.cgroupLimits());
        if (cgroup.isPresent()) {
            command = cgroup.get().entering(command);
        }
        var notEnforced =
                security.notEnforced(cgroup.map(ContainerCgroup::limitsCpu).orElse(false));
        if (!notEnforced.isEmpty()) {
            console.accept("not enforced by the local node: " + String.join("; ", notEnforced));
        }

        Deque<String> tail = new ArrayDeque<>();
        Consumer<String> keepTail = line -> {
            synchronized (tail) {
                tail.addLast(line);
                if (tail.size() > FALLBACK_LINES) {
                    tail.removeFirst();
                }
            }
            log.append(line);
            console.accept(line);
        };
        try {
            return new Launched(
                    container,
                    ContainerProcess.start(command, env, workDir, resultFile, keepTail),
                    log,
                    tail,
                    cgroup,
                    security.memoryLimit());
        } catch (UncheckedIOException e) {
            cgroup.ifPresent(ContainerCgroup::close);
            throw new LaunchFailure(
                    "StartError",
                    "cannot run " + command.get(0) + ": " + e.getCause().getMessage());
        }
    }

    /** The local directory of the pod's emptyDir {@code volume}. */
    static Path volumeDir(Path podDir, String volume) {
        return podDir.resolve("volumes").resolve(volume);
    }

    /** emptyDir mounts of the container → local directories. */
    private static Map<String, Path> mounts(Pod pod, Container container, Path podDir) {
        Map<String, Path> mounts = new LinkedHashMap<>();
        List<Volume> volumes = orEmpty(pod.getSpec().getVolumes());
        for (VolumeMount mount : orEmpty(container.getVolumeMounts())) {
            boolean emptyDir =
                    volumes.stream().anyMatch(v -> v.getName().equals(mount.getName()) && v.getEmptyDir() != null);
            if (emptyDir) {
                mounts.put(mount.getMountPath(), volumeDir(podDir, mount.getName()));
            }
        }
        return mounts;
    }

    /** A value that names a path inside a mounted emptyDir names the local directory instead. */
    private static String localPath(String value, Map<String, Path> mounts) {
        for (var mount : mounts.entrySet()) {
            String mountPath = mount.getKey();
            if (value.equals(mountPath) || value.startsWith(mountPath + "/")) {
                return mount.getValue() + value.substring(mountPath.length());
            }
        }
        return value;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
