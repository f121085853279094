package io.manimvideo.local.bench;

import io.manimvideo.local.node.LocalNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where the acknowledgement's parts waited for a CPU: for each named group of threads (the ingress pod's JVM,
 * redis-server, the API server, this benchmark's own HTTP client ...), the CPU time they ran and the time they were
 * runnable but waiting on a run queue, from each thread's {@code /proc/<pid>/task/<tid>/schedstat}, between two
 * samples. Threads that ended between the samples are not counted (short-lived processes such as runc are missed).
 */
final class RunQueueWait {
    /** A sample: per group, {run ns, wait ns} summed over its threads, keyed by tid so that deltas match. */
    private record Sample(long nanos, Map<String, Map<Long, long[]>> groups) {}

    private final Map<String, Supplier<List<Path>>> groups;
    private Sample last;

    private RunQueueWait(Map<String, Supplier<List<Path>>> groups) {
        this.groups = groups;
        this.last = sample();
    }

    /**
     * The groups: the ingress pod's processes (its cgroup's {@code cgroup.procs}), this JVM's client threads (those
     * named {@code bench-*} and the JDK HTTP client's selector), and the stack's host processes by name.
     */
    static RunQueueWait start(String ingressPodUid) {
        Map<String, Supplier<List<Path>>> groups = new LinkedHashMap<>();
        groups.put("ingress", () -> podThreads(dir -> dir.contains("pod" + ingressPodUid), name -> true));
        // of which its JIT compilers and its collector's threads
        groups.put(
                "ingress JIT",
                () -> podThreads(dir -> dir.contains("pod" + ingressPodUid), name -> name.contains("CompilerThre")));
        groups.put(
                "ingress GC",
                () -> podThreads(
                        dir -> dir.contains("pod" + ingressPodUid),
                        name -> name.startsWith("GC Thread") || name.startsWith("G1 ")));
        // the renders (and codegen, the operator): what the ingress shares the node's cgroup with
        groups.put(
                "other pods",
                () -> podThreads(dir -> dir.contains("/pod") && !dir.contains("pod" + ingressPodUid), name -> true));
        long self = ProcessHandle.current().pid();
        groups.put(
                "bench client",
                () -> threads(self, name -> name.startsWith("bench-") || name.startsWith("HttpClient-"))
                        .toList());
        groups.put("redis-server", () -> hostProcess("redis-server"));
        groups.put("kube-apiserver", () -> hostProcess("kube-apiserver"));
        groups.put("etcd", () -> hostProcess("etcd"));
        groups.put(
                "containerd+kubelet",
                () -> Stream.of("containerd", "containerd-shim", "kubelet")
                        .flatMap(name -> hostProcess(name).stream())
                        .toList());
        return new RunQueueWait(groups);
    }

    /** "waited for a CPU, ms per s (ran, cores): ingress 120 (0.41), redis-server 80 (0.05), ...". */
    String next() {
        Sample now = sample();
        double seconds = (now.nanos() - last.nanos()) / 1e9;
        String line = groups.keySet().stream()
                .map(group -> {
                    long run = 0;
                    long wait = 0;
                    Map<Long, long[]> before = last.groups().get(group);
                    for (var thread : now.groups().get(group).entrySet()) {
                        long[] was = before.getOrDefault(thread.getKey(), new long[2]);
                        run += thread.getValue()[0] - was[0];
                        wait += thread.getValue()[1] - was[1];
                    }
                    return String.format(
                            Locale.ROOT, "%s %.0f (%.2f)", group, wait / 1e6 / seconds, run / 1e9 / seconds);
                })
                .collect(Collectors.joining(", "));
        last = now;
        return "waited for a CPU, ms per s (cores run): " + line;
    }

    /** The ingress pod's CFS throttling ({@code cpu.stat} of its cgroup): none while it has no CPU limit. */
    static String throttling(String podUid) {
        Path root = Path.of("/sys/fs/cgroup/cpu", LocalNode.CGROUP_ROOT);
        try (Stream<Path> dirs = Files.walk(root, 4)) {
            return dirs.filter(d -> d.getFileName().toString().equals("pod" + podUid))
                    .findFirst()
                    .map(d -> {
                        try {
                            return "ingress pod's cpu.stat: "
                                    + String.join(", ", Files.readAllLines(d.resolve("cpu.stat")))
                                    + "; cpu.cfs_quota_us "
                                    + Files.readString(d.resolve("cpu.cfs_quota_us"))
                                            .trim()
                                    + ", cpu.shares "
                                    + Files.readString(d.resolve("cpu.shares")).trim();
                        } catch (IOException e) {
                            return "ingress pod's cpu.stat: " + e;
                        }
                    })
                    .orElse("ingress pod's cgroup not found");
        } catch (IOException e) {
            return "ingress pod's cgroup: " + e;
        }
    }

    private Sample sample() {
        Map<String, Map<Long, long[]>> values = new LinkedHashMap<>();
        groups.forEach((group, tasks) -> {
            Map<Long, long[]> threads = new LinkedHashMap<>();
            for (Path task : tasks.get()) {
                read(task)
                        .ifPresent(v ->
                                threads.put(Long.parseLong(task.getFileName().toString()), v));
            }
            values.put(group, threads);
        });
        return new Sample(System.nanoTime(), values);
    }

    private static Optional<long[]> read(Path task) {
        try {
            String[] fields = Files.readString(task.resolve("schedstat")).trim().split("\\s+");
            return Optional.of(new long[] {Long.parseLong(fields[0]), Long.parseLong(fields[1])});
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // the thread ended
        }
    }

    private static Stream<Path> threads(long pid, Predicate<String> name) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return tasks
                    .filter(t -> {
                        try {
                            return name.test(Files.readString(t.resolve("comm")).trim());
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .toList()
                    .stream();
        } catch (IOException | UncheckedIOException e) {
            return Stream.empty();
        }
    }

    /** The stack's host processes of that name: this JVM's descendants only (another stack's are not ours). */
    private static List<Path> hostProcess(String command) {
        return descendants(command).flatMap(pid -> threads(pid, name -> true)).toList();
    }

    /**
     * This JVM's descendant processes named {@code command} (their {@code comm}: Debian's redis-server is a link
     * to redis-check-rdb, so the executable's name would miss it).
     */
    static Stream<Long> descendants(String command) {
        return ProcessHandle.current().descendants().map(ProcessHandle::pid).filter(pid -> {
            try {
                return Files.readString(Path.of("/proc", Long.toString(pid), "comm"))
                        .trim()
                        .equals(command);
            } catch (IOException e) {
                return false; // it ended
            }
        });
    }

    private static List<Path> podThreads(Predicate<String> cgroup, Predicate<String> name) {
        return podProcesses(cgroup).stream()
                .distinct()
                .flatMap(pid -> threads(pid, name))
                .toList();
    }

    private static List<Long> podProcesses(Predicate<String> cgroup) {
        Path root = Path.of("/sys/fs/cgroup/cpu", LocalNode.CGROUP_ROOT);
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> dirs = Files.walk(root, 5)) {
            dirs.filter(d -> cgroup.test(d.toString()))
                    .map(d -> d.resolve("cgroup.procs"))
                    .filter(Files::isRegularFile)
                    .forEach(procs -> {
                        try {
                            Files.readAllLines(procs).stream()
                                    .filter(l -> !l.isBlank())
                                    .map(Long::parseLong)
                                    .forEach(pids::add);
                        } catch (IOException e) {
                            // the container went away
                        }
                    });
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
        return pids;
    }
}
