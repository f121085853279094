package io.manimvideo.local.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What a local node can leave on the host, read from the host itself: its bridge, mounts under a directory, its
 * cgroup root, firewall chains of kube-proxy, the kubelet and the CNI plugins, and containerd shims or container
 * processes, and the kernel settings it changes while it runs. Read it before a node starts; {@link #afterTheNode()}
 * is what the host must read once it has stopped.
 */
public record HostState(
        boolean bridge,
        List<String> mounts,
        List<String> cgroups,
        List<String> chains,
        List<String> processes,
        Map<String, String> sysctls) {
    /** What a host read before a node started should read once the node has stopped: nothing of it, same settings. */
    public HostState afterTheNode() {
        return new HostState(false, List.of(), List.of(), List.of(), List.of(), sysctls);
    }

    public static HostState read(Path under) throws IOException, InterruptedException {
        Path root = under.toAbsolutePath();
        List<String> mounts = Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8).stream()
                .map(line -> line.split(" ")[4])
                .filter(point -> point.startsWith(root.toString()))
                .toList();
        List<String> cgroups;
        try (Stream<Path> hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
            cgroups = hierarchies
                    .map(h -> h.resolve(LocalNode.CGROUP_ROOT))
                    .filter(Files::isDirectory)
                    .map(Path::toString)
                    .toList();
        }
        List<String> chains = Stream.of("filter", "nat", "mangle")
                .flatMap(table -> output("iptables-save", "-t", table)
                        .lines()
                        .filter(l -> l.startsWith(":KUBE-") || l.startsWith(":CNI-"))
                        .map(l -> table + " " + l.substring(1).split(" ")[0]))
                .toList();
        List<String> processes = ProcessHandle.allProcesses()
                .map(p -> p.info().commandLine().orElse(""))
                .filter(c -> c.contains("containerd-shim-runc-v2") || c.contains(LocalNode.SANDBOX_IMAGE))
                .toList();
        return new HostState(
                !output("ip", "link", "show", PodNetwork.BRIDGE).isEmpty(),
                mounts,
                cgroups,
                chains,
                processes,
                readSysctls());
    }

    private static Map<String, String> readSysctls() {
        Map<String, String> values = new TreeMap<>();
        for (Path sysctl : PodNetwork.SYSCTLS) {
            try {
                values.put(sysctl.toString(), Files.readString(sysctl).trim());
            } catch (IOException e) {
                values.put(sysctl.toString(), "unreadable");
            }
        }
        return values;
    }

    private static String output(String... command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(false).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(30, TimeUnit.SECONDS);
            return process.exitValue() == 0 ? out : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
