package io.manimvideo.local.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The node's network on this machine: a bridge of its own with the node's address, which the CNI bridge plugin
 * attaches every pod to and which the host's servers the pods need (the API server, S3Proxy, Redis, the fake
 * third-party APIs of the tests) listen on. Nothing outside this machine reaches that address: a rule of the
 * host's firewall drops what arrives for it on any other interface. One node runs on a machine at a time: a second
 * waits for the first to stop (a lock file under {@code /run}). {@link #close()} removes the bridge and the rule,
 * sets the kernel settings the node changed back ({@link #SYSCTLS}) and lets the next node start.
 */
public final class PodNetwork implements AutoCloseable {
    public static final String BRIDGE = "mvbr0";
    /** The node's address and the pods' gateway. */
    public static final String NODE_ADDRESS = "10.244.0.1";

    public static final String POD_SUBNET = "10.244.0.0/24";
    private static final String PREFIX_LENGTH = "24";
    /**
     * Kernel settings the node's parts change, set back on close: the bridge plugin turns on forwarding, kube-proxy
     * routes to loopback addresses (for node ports on 127.0.0.1).
     */
    static final List<Path> SYSCTLS =
            List.of(Path.of("/proc/sys/net/ipv4/ip_forward"), Path.of("/proc/sys/net/ipv4/conf/all/route_localnet"));
    /** What arrives for the node's address: accepted from this machine and from the pods, dropped otherwise. */
    private static final String GUARD_CHAIN = "MANIM-VIDEO-NODE";

    private static final List<String> JUMP = List.of("INPUT", "-d", NODE_ADDRESS, "-j", GUARD_CHAIN);

    private static final Path LOCK = Path.of("/run/manim-video-node.lock");
    private static final Duration LOCK_WAIT = Duration.ofMinutes(15);

    private final Consumer<String> console;
    private final FileChannel lockFile;
    private final Map<Path, String> sysctlsBefore;

    private PodNetwork(Consumer<String> console, FileChannel lockFile, Map<Path, String> sysctlsBefore) {
        this.console = console;
        this.lockFile = lockFile;
        this.sysctlsBefore = sysctlsBefore;
    }

    /**
     * Waits until no other local node runs here, then creates the bridge (a leftover of a node that was killed is
     * replaced) and the firewall rule.
     */
    public static PodNetwork create(Consumer<String> console) {
        FileChannel lockFile = lock(console);
        Map<Path, String> before = new LinkedHashMap<>();
        SYSCTLS.forEach(sysctl -> before.put(sysctl, read(sysctl)));
        var network = new PodNetwork(console, lockFile, before);
        if (HostCommands.succeeds("ip", "link", "show", BRIDGE)) {
            console.accept("removing the bridge " + BRIDGE + " a local node left behind");
            network.removeBridge();
        }
        HostCommands.run("ip", "link", "add", BRIDGE, "type", "bridge");
        HostCommands.run("ip", "addr", "add", NODE_ADDRESS + "/" + PREFIX_LENGTH, "dev", BRIDGE);
        HostCommands.run("ip", "link", "set", BRIDGE, "up");
        network.removeGuard();
        HostCommands.run("iptables", "-w", "-N", GUARD_CHAIN);
        HostCommands.run("iptables", "-w", "-A", GUARD_CHAIN, "-i", "lo", "-j", "RETURN");
        HostCommands.run("iptables", "-w", "-A", GUARD_CHAIN, "-i", BRIDGE, "-j", "RETURN");
        HostCommands.run("iptables", "-w", "-A", GUARD_CHAIN, "-j", "DROP");
        HostCommands.run(jump("-I"));
        return network;
    }

    private static FileChannel lock(Consumer<String> console) {
        try {
            FileChannel channel = FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
            boolean told = false;
            while (channel.tryLock() == null) {
                if (!told) {
                    console.accept("another local node runs on this machine (scripts/run-local.sh or a test run): "
                            + "waiting for it to stop");
                    told = true;
                }
                if (System.nanoTime() > deadline) {
                    channel.close();
                    throw new IllegalStateException("another local node ran on this machine for " + LOCK_WAIT
                            + "; stop it (Ctrl-C in its terminal) and try again");
                }
                Thread.sleep(1000);
            }
            return channel;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + LOCK, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the other local node", e);
        }
    }

    private static String[] jump(String action) {
        List<String> command = new ArrayList<>(List.of("iptables", "-w", action));
        command.addAll(JUMP);
        return command.toArray(String[]::new);
    }

    private void removeGuard() {
        while (HostCommands.succeeds(jump("-C"))) {
            HostCommands.runQuietly(console, jump("-D"));
        }
        if (HostCommands.succeeds("iptables", "-w", "-L", GUARD_CHAIN, "-n")) {
            HostCommands.runQuietly(console, "iptables", "-w", "-F", GUARD_CHAIN);
            HostCommands.runQuietly(console, "iptables", "-w", "-X", GUARD_CHAIN);
        }
    }

    private void removeBridge() {
        HostCommands.runQuietly(console, "ip", "link", "del", BRIDGE);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        removeBridge();
        removeGuard();
        sysctlsBefore.forEach((sysctl, value) -> {
            try {
                if (!read(sysctl).equals(value)) {
                    Files.writeString(sysctl, value + "\n", StandardCharsets.US_ASCII);
                }
            } catch (IOException | UncheckedIOException e) {
                console.accept("could not set " + sysctl + " back to " + value + ": " + e.getMessage());
            }
        });
        try {
            lockFile.close(); // releases the lock
        } catch (IOException e) {
            console.accept("could not release " + LOCK + ": " + e.getMessage());
        }
    }
}
