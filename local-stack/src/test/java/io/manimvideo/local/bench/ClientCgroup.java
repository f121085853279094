package io.manimvideo.local.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A cpu cgroup (cgroup v1) of the benchmark's own at the root, weighing ten cores ({@code cpu.shares} 10240), for
 * what stands for another machine: the HTTP client that stands for Telegram's servers. On this machine the client
 * shares the CPU with the stack, and the kernel's autogroup weighs every process of the benchmark's session (the
 * control plane, containerd, redis-server and this JVM) as one: without this the benchmark measured, beside the
 * ingress, its own wait for a CPU. The calling thread is moved in ({@link #enter}: cgroup v1 moves one thread when
 * its id is written to {@code tasks}) and the threads it then starts (the client's sender, selector and pool) are
 * born there; a whole process is moved with {@link #add}.
 */
final class ClientCgroup implements AutoCloseable {
    private static final Path CPU = Path.of("/sys/fs/cgroup/cpu");
    private static final String SHARES = "10240";

    private final Path cgroup;

    private ClientCgroup(Path cgroup) {
        this.cgroup = cgroup;
    }

    static ClientCgroup create(String name) {
        Path cgroup = CPU.resolve(name);
        try {
            Files.createDirectories(cgroup);
            Files.writeString(cgroup.resolve("cpu.shares"), SHARES);
        } catch (IOException e) {
            throw new UncheckedIOException("a cpu cgroup (run as root, on cgroup v1's cpu controller)", e);
        }
        return new ClientCgroup(cgroup);
    }

    /** Moves the calling thread (and so the threads it starts from now on) in. */
    ClientCgroup enter() {
        write(cgroup.resolve("tasks"), threadId());
        return this;
    }

    /** Moves a whole process in. */
    void add(long pid) {
        write(cgroup.resolve("cgroup.procs"), Long.toString(pid));
    }

    /** Moves the calling thread back to the root cgroup and removes this one once no thread is left in it. */
    @Override
    public void close() {
        write(CPU.resolve("tasks"), threadId());
        try {
            if (Files.readString(cgroup.resolve("tasks")).isBlank()) {
                Files.delete(cgroup);
            }
        } catch (IOException e) {
            // threads still ending: the next round reuses it
        }
    }

    private static void write(Path file, String id) {
        try {
            Files.writeString(file, id);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This thread's kernel id: {@code /proc/thread-self} links to {@code <pid>/task/<tid>}. */
    private static String threadId() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/thread-self"))
                    .getFileName()
                    .toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
