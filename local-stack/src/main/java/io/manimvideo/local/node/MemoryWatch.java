package io.manimvideo.local.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A container's memory use as the node compares it with the memory limit: the proportional set size (shared
 * pages split between the processes that map them) of the container's process tree, sampled. Without a memory
 * cgroup this is the closest a local process gets to the kubelet's OOM kill; a spike shorter than the sampling
 * period can pass.
 */
final class MemoryWatch {
    private MemoryWatch() {}

    /** Bytes used by {@code processes}; a process that is gone counts nothing. */
    static long usage(Stream<ProcessHandle> processes) {
        return processes.mapToLong(p -> usage(p.pid())).sum();
    }

    private static long usage(long pid) {
        Path proc = Path.of("/proc", String.valueOf(pid));
        long pss = field(proc.resolve("smaps_rollup"), "Pss:");
        return pss >= 0 ? pss : Math.max(0, field(proc.resolve("status"), "VmRSS:"));
    }

    /** A "Name:  123 kB" line of a /proc file, in bytes; -1 when missing. */
    private static long field(Path file, String name) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.filter(l -> l.startsWith(name))
                    .findFirst()
                    .map(l -> Long.parseLong(l.substring(name.length()).trim().split("\\s+")[0]) * 1024)
                    .orElse(-1L);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
