package io.manimvideo.local.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A container's cgroup, as the kubelet makes one: the memory limit enforced by the kernel (its OOM killer ends a
 * process of the container, which is then reported OOMKilled), a bound on processes and threads together, and the
 * CPU limit as a CFS quota. Made below the agent's own cgroup (cgroup v2 where the agent's cgroup hands the
 * memory and pids controllers to its children, else the v1 hierarchies memory, pids and cpu), as the render
 * package's {@code cgroups.py} does, so that a delegated cgroup is enough; none where the agent may not write
 * there (an unprivileged agent), and the node falls back to {@link MemoryWatch}.
 */
final class ContainerCgroup {
    /** Processes and threads of one container: a fork bomb stops here, far above what a render starts. */
    static final long PIDS_MAX = 1024;

    private static final long CFS_PERIOD_US = 100_000;
    private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9/._-]+");

    /** What the container asks for: bytes of memory and millicores of CPU, each if limited. */
    record Limits(OptionalLong memoryBytes, OptionalLong cpuMillis) {}

    private final Map<String, Path> paths; // controller ("unified" on v2) -> directory
    private final boolean v2;

    private ContainerCgroup(Map<String, Path> paths, boolean v2) {
        this.paths = paths;
        this.v2 = v2;
    }

    /**
     * A new cgroup {@code name} with the limits, under the cgroup file system mounted at {@code root}; empty where
     * this process may make none.
     */
    static Optional<ContainerCgroup> make(Path root, String name, Limits limits) {
        if (Files.isRegularFile(root.resolve("cgroup.controllers"))) {
            return makeV2(root, name, limits);
        }
        return makeV1(root, name, limits);
    }

    /** Whether the CPU limit is applied (the v1 cpu hierarchy or the v2 cpu controller may be missing). */
    boolean limitsCpu() {
        return v2 ? Files.exists(paths.get("unified").resolve("cpu.max")) : paths.containsKey("cpu");
    }

    /**
     * {@code command} run from a shell that first moves itself into the cgroup, then execs it: every process of the
     * container starts inside, before bubblewrap or the container's own code runs.
     */
    List<String> entering(List<String> command) {
        StringBuilder script = new StringBuilder();
        for (Path dir : directories()) {
            String procs = dir.resolve("cgroup.procs").toString();
            if (!SAFE_PATH.matcher(procs).matches()) {
                throw new IllegalStateException("unexpected cgroup path " + procs);
            }
            script.append("echo $$ > '").append(procs).append("' && ");
        }
        script.append("exec \"$@\"");
        List<String> wrapped = new ArrayList<>(List.of("sh", "-c", script.toString(), "sh"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Whether the kernel's OOM killer ended a process of the container. */
    boolean oomKilled() {
        Path memory = paths.get(v2 ? "unified" : "memory");
        Path events = memory.resolve(v2 ? "memory.events" : "memory.oom_control");
        try {
            return Files.readAllLines(events).stream()
                    .map(line -> line.split("\\s+"))
                    .anyMatch(f -> f.length == 2 && f[0].equals("oom_kill") && !f[1].equals("0"));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Kills whatever is left in the cgroup (a process that left the container's process tree included) and removes
     * the directories; a killed process may take a moment to leave, so removal is retried for a few seconds.
     */
    void close() {
        directories().forEach(ContainerCgroup::remove);
    }

    /** Removes {@code dir} after the cgroups a container as root may have made inside it. */
    private static void remove(Path dir) {
        try (var children = Files.list(dir)) {
            children.filter(Files::isDirectory).toList().forEach(ContainerCgroup::remove);
        } catch (IOException e) {
            return; // gone already
        }
        for (int attempt = 0; attempt < 100 && Files.exists(dir); attempt++) {
            try {
                Files.delete(dir);
            } catch (IOException e) {
                members(dir).forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
                sleep(50);
            }
        }
    }

    private Set<Path> directories() {
        return new LinkedHashSet<>(paths.values());
    }

    private static List<Long> members(Path dir) {
        try {
            return Files.readAllLines(dir.resolve("cgroup.procs")).stream()
                    .filter(l -> !l.isBlank())
                    .map(l -> Long.parseLong(l.trim()))
                    .toList();
        } catch (IOException | NumberFormatException e) {
            return List.of();
        }
    }

    private static Optional<ContainerCgroup> makeV2(Path root, String name, Limits limits) {
        Path base = base(root, own(""));
        if (base == null) {
            return Optional.empty();
        }
        Set<String> delegated;
        try {
            delegated = Set.of(Files.readString(base.resolve("cgroup.subtree_control"))
                    .trim()
                    .split("\\s+"));
        } catch (IOException e) {
            return Optional.empty();
        }
        if (!delegated.containsAll(Set.of("memory", "pids"))) {
            return Optional.empty(); // a child without these controllers would limit nothing
        }
        Path dir = mkdir(base.resolve(name));
        if (dir == null) {
            return Optional.empty();
        }
        var cgroup = new ContainerCgroup(Map.of("unified", dir), true);
        try {
            write(dir, "pids.max", PIDS_MAX);
            if (limits.memoryBytes().isPresent()) {
                write(dir, "memory.max", limits.memoryBytes().getAsLong());
                if (Files.exists(dir.resolve("memory.swap.max"))) {
                    write(dir, "memory.swap.max", 0); // as the kubelet without swap: the limit is the memory
                }
            }
            if (limits.cpuMillis().isPresent() && delegated.contains("cpu")) {
                write(dir, "cpu.max", quota(limits.cpuMillis().getAsLong()) + " " + CFS_PERIOD_US);
            }
        } catch (IOException e) {
            cgroup.close();
            return Optional.empty();
        }
        return Optional.of(cgroup);
    }

    private static Optional<ContainerCgroup> makeV1(Path root, String name, Limits limits) {
        Map<String, Path> paths = new LinkedHashMap<>();
        var cgroup = new ContainerCgroup(paths, false);
        for (String controller : List.of("memory", "pids", "cpu")) {
            Path base = base(root.resolve(controller), own(controller));
            Path dir = base == null ? null : mkdir(base.resolve(name));
            if (dir == null) {
                if (controller.equals("cpu")) {
                    continue; // the CPU limit is then reported as not enforced; memory and pids are the limits
                }
                cgroup.close();
                return Optional.empty();
            }
            paths.put(controller, dir);
        }
        try {
            if (limits.memoryBytes().isPresent()) {
                long bytes = limits.memoryBytes().getAsLong();
                write(paths.get("memory"), "memory.limit_in_bytes", bytes);
                // memory plus swap: without it the kernel swaps instead of killing (set after the memory limit,
                // which it may not be below)
                if (Files.exists(paths.get("memory").resolve("memory.memsw.limit_in_bytes"))) {
                    write(paths.get("memory"), "memory.memsw.limit_in_bytes", bytes);
                }
            }
            write(paths.get("pids"), "pids.max", PIDS_MAX);
            if (limits.cpuMillis().isPresent() && paths.containsKey("cpu")) {
                write(paths.get("cpu"), "cpu.cfs_period_us", CFS_PERIOD_US);
                write(
                        paths.get("cpu"),
                        "cpu.cfs_quota_us",
                        quota(limits.cpuMillis().getAsLong()));
            }
        } catch (IOException e) {
            cgroup.close();
            return Optional.empty();
        }
        return Optional.of(cgroup);
    }

    /** Microseconds per CFS period for {@code millis} thousandths of a core (the kernel's minimum is 1 ms). */
    private static long quota(long millis) {
        return Math.max(1000, millis * CFS_PERIOD_US / 1000);
    }

    /** This process's cgroup in a hierarchy ("" for the v2 one), from /proc/self/cgroup. */
    private static String own(String controller) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
                String[] parts = line.split(":", 3);
                boolean match = controller.isEmpty()
                        ? parts[0].equals("0") && parts[1].isEmpty()
                        : List.of(parts[1].split(",")).contains(controller);
                if (match) {
                    return parts[2];
                }
            }
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            return null;
        }
        return null;
    }

    /** Where to make a child: the own cgroup under the mount, or the mount itself in a cgroup namespace. */
    private static Path base(Path mount, String own) {
        if (own == null || !Files.isRegularFile(mount.resolve("cgroup.procs"))) {
            return null;
        }
        for (Path candidate : List.of(mount.resolve(own.replaceAll("^/+", "")), mount)) {
            if (Files.isDirectory(candidate) && Files.isWritable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static Path mkdir(Path dir) {
        try {
            return Files.createDirectory(dir);
        } catch (IOException e) {
            return null;
        }
    }

    private static void write(Path dir, String file, Object value) throws IOException {
        Files.writeString(dir.resolve(file), String.valueOf(value));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
