package io.manimvideo.local.bench;

import io.manimvideo.local.node.LocalNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The CPU a pod used over a stretch of a benchmark, beside the whole machine's: the pod's {@code cpuacct.usage}
 * (cgroup v1, under the node's cgroup root) and {@code /proc/stat}'s busy time, read at the start and the stop.
 */
final class CpuShare {
    /** cpuacct is mounted alone on some hosts (this one) and beside cpu on others. */
    private static final List<Path> CPUACCT = Stream.of("cpuacct", "cpu,cpuacct")
            .map(mount -> Path.of("/sys/fs/cgroup", mount, LocalNode.CGROUP_ROOT))
            .toList();

    private final Optional<Path> pod;
    private final long podStart;
    private final long[] machineStart;
    private final long wallStart = System.nanoTime();

    private CpuShare(Optional<Path> pod) {
        this.pod = pod;
        this.podStart = pod.map(CpuShare::usageNanos).orElse(0L);
        this.machineStart = machineTicks();
    }

    static CpuShare start(String podUid) {
        return new CpuShare(podCgroup(podUid));
    }

    /** "ingress pod: 0.42 cores (machine: 1.97 of 2 cores busy) over 25.1 s". */
    String stop() {
        double wall = (System.nanoTime() - wallStart) / 1e9;
        long[] machine = machineTicks();
        long busy = (machine[0] - machineStart[0]);
        long total = (machine[1] - machineStart[1]);
        int cores = Runtime.getRuntime().availableProcessors();
        String podPart = pod.map(p -> String.format(Locale.ROOT, "%.2f cores", (usageNanos(p) - podStart) / 1e9 / wall))
                .orElse("its cgroup not found");
        return String.format(
                Locale.ROOT,
                "ingress pod: %s (machine: %.2f of %d cores busy) over %.1f s",
                podPart,
                total == 0 ? 0 : cores * (double) busy / total,
                cores,
                wall);
    }

    private static Optional<Path> podCgroup(String uid) {
        // cgroupfs names a pod's cgroup pod<uid> under kubepods/<qos>/
        String name = "pod" + uid;
        for (Path root : CPUACCT) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> dirs = Files.walk(root, 4)) {
                Optional<Path> pod = dirs.filter(d -> d.getFileName().toString().equals(name))
                        .findFirst();
                if (pod.isPresent()) {
                    return pod;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Optional.empty();
    }

    private static long usageNanos(Path cgroup) {
        try {
            return Long.parseLong(
                    Files.readString(cgroup.resolve("cpuacct.usage")).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {busy, total} jiffies of all CPUs. */
    private static long[] machineTicks() {
        try {
            long[] fields = Arrays.stream(Files.readAllLines(Path.of("/proc/stat"))
                            .get(0)
                            .trim()
                            .split("\\s+"))
                    .skip(1)
                    .mapToLong(Long::parseLong)
                    .toArray();
            long total = Arrays.stream(fields).sum();
            long idle = fields[3] + fields[4]; // idle, iowait
            return new long[] {total - idle, total};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
