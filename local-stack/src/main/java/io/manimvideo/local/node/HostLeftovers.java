package io.manimvideo.local.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a node leaves on the host when it is stopped by SIGKILL or loses track of a pod, and its removal: processes
 * still in the node's cgroups, mounts under its directories, its cgroup trees, and the firewall chains of
 * kube-proxy, the kubelet and the CNI portmap plugin. Run when the node stops, and before it starts (a node that
 * was killed could not clean up).
 */
final class HostLeftovers {
    private static final Path CGROUPS = Path.of("/sys/fs/cgroup");
    /** kube-proxy's and the kubelet's chains (KUBE-SVC-ABC...), the CNI plugins' (CNI-0194..., CNI-DN-0194...: hex). */
    private static final Pattern OUR_CHAIN = Pattern.compile("(KUBE|CNI)-[A-Za-z0-9-]+");

    private static final List<String> TABLES = List.of("filter", "nat", "mangle");

    private final List<Path> directories;
    private final String cgroupRoot;
    private final Consumer<String> console;

    HostLeftovers(List<Path> directories, String cgroupRoot, Consumer<String> console) {
        this.directories = directories;
        this.cgroupRoot = cgroupRoot;
        this.console = console;
    }

    void removeAll() {
        killProcesses();
        unmount();
        removeCgroups();
        removeFirewallChains();
    }

    /** The node's cgroup root in each cgroup v1 hierarchy (the kubelet makes the pods' cgroups under it). */
    void createCgroupRoots() {
        for (Path hierarchy :
                hierarchies().stream().filter(h -> !h.endsWith("unified")).toList()) {
            try {
                Files.createDirectories(hierarchy.resolve(cgroupRoot));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the node's cgroup in " + hierarchy, e);
            }
        }
    }

    /** Every cgroup hierarchy: the v1 controllers and the cgroup2 mount beside them (runc makes a cgroup there). */
    private List<Path> hierarchies() {
        try (Stream<Path> entries = Files.list(CGROUPS)) {
            return entries.filter(p -> Files.isRegularFile(p.resolve("cgroup.procs")))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private void killProcesses() {
        for (Path hierarchy : hierarchies()) {
            Path root = hierarchy.resolve(cgroupRoot);
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(p -> p.endsWith("cgroup.procs"))
                        .flatMap(HostLeftovers::lines)
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .distinct()
                        .forEach(
                                pid -> ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly));
            } catch (IOException | UncheckedIOException e) {
                console.accept("could not read the processes of " + root + ": " + e.getMessage());
            }
        }
    }

    private void unmount() {
        List<String> mountPoints = new ArrayList<>();
        for (String line : lines(Path.of("/proc/self/mountinfo")).toList()) {
            String[] fields = line.split(" ");
            if (fields.length > 4) {
                String point = fields[4].replace("\\040", " ");
                if (directories.stream().anyMatch(d -> Path.of(point).startsWith(d))) {
                    mountPoints.add(point);
                }
            }
        }
        // the deepest first, as they were mounted last
        mountPoints.sort(Comparator.comparingInt(String::length).reversed());
        for (String point : mountPoints) {
            HostCommands.runQuietly(console, "umount", "-l", point);
        }
    }

    private void removeCgroups() {
        for (Path hierarchy : hierarchies()) {
            Path root = hierarchy.resolve(cgroupRoot);
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> tree = Files.walk(root)) {
                tree.filter(Files::isDirectory)
                        .sorted(Comparator.comparingInt(Path::getNameCount).reversed())
                        .forEach(dir -> {
                            try {
                                Files.delete(dir);
                            } catch (IOException e) {
                                console.accept("could not remove the cgroup " + dir + ": " + e.getMessage());
                            }
                        });
            } catch (IOException | UncheckedIOException e) {
                console.accept("could not remove the cgroups under " + root + ": " + e.getMessage());
            }
        }
    }

    /**
     * Every rule that jumps to a KUBE- or CNI- chain, then those chains. What kube-proxy's own {@code --cleanup}
     * leaves (the kubelet's canary chains, the portmap plugin's chains of pods it never tore down) goes too.
     */
    private void removeFirewallChains() {
        for (String table : TABLES) {
            String saved;
            try {
                saved = HostCommands.run("iptables-save", "-t", table);
            } catch (RuntimeException e) {
                console.accept(e.getMessage());
                return;
            }
            List<String> chains = new ArrayList<>();
            for (String line : saved.split("\n")) {
                if (line.startsWith(":")) {
                    String chain = line.substring(1).split(" ")[0];
                    if (isOurs(chain)) {
                        chains.add(chain);
                    }
                } else if (line.startsWith("-A ")) {
                    String[] words = line.split(" ");
                    int jump = List.of(words).indexOf("-j");
                    boolean builtin = !isOurs(words[1]);
                    if (builtin && jump > 0 && jump + 1 < words.length && isOurs(words[jump + 1])) {
                        List<String> delete = new ArrayList<>(List.of("iptables", "-w", "-t", table, "-D"));
                        delete.addAll(splitRule(line.substring(3)));
                        HostCommands.runQuietly(console, delete.toArray(String[]::new));
                    }
                }
            }
            for (String chain : chains) {
                HostCommands.runQuietly(console, "iptables", "-w", "-t", table, "-F", chain);
            }
            for (String chain : chains) {
                HostCommands.runQuietly(console, "iptables", "-w", "-t", table, "-X", chain);
            }
        }
    }

    /** Whether a firewall chain is one the node's parts make (and so removes). */
    static boolean isOurs(String chain) {
        return OUR_CHAIN.matcher(chain).matches();
    }

    /** iptables-save quotes comments with spaces: split on spaces outside quotes, dropping the quotes. */
    static List<String> splitRule(String rule) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        for (char c : rule.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ' ' && !quoted) {
                if (word.length() > 0) {
                    words.add(word.toString());
                    word.setLength(0);
                }
            } else {
                word.append(c);
            }
        }
        if (word.length() > 0) {
            words.add(word.toString());
        }
        return words;
    }

    private static Stream<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }
}
