package io.manimvideo.local.e2e;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.manimvideo.local.LocalStack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The render containers on the node, read from the host as an admin would: the processes in each pod's cgroup
 * (the kubelet names it {@code pod<uid>} under the node's cgroup root) whose command is the render entrypoint.
 */
final class RenderProcesses {
    private static final Path PODS = Path.of("/sys/fs/cgroup/pids/manim-video-node/kubepods");

    private RenderProcesses() {}

    /** One entry per pod with a render process running now. */
    static List<String> runningPods() {
        return podDirs()
                .filter(dir -> processesIn(dir).stream().anyMatch(RenderProcesses::isRender))
                .map(dir -> dir.getFileName().toString())
                .toList();
    }

    /** The processes (the render and its children) of the pods of a Job, e.g. {@code vj-render-1}. */
    static List<ProcessHandle> ofJob(KubernetesClient client, String jobName) {
        Set<String> uids =
                client
                        .pods()
                        .inNamespace(LocalStack.NAMESPACE)
                        .withLabel("job-name", jobName)
                        .list()
                        .getItems()
                        .stream()
                        .map(Pod::getMetadata)
                        .map(m -> "pod" + m.getUid())
                        .collect(Collectors.toSet());
        return podDirs()
                .filter(dir -> uids.contains(dir.getFileName().toString()))
                .flatMap(dir -> processesIn(dir).stream())
                .filter(p -> !p.info().command().orElse("").endsWith("/pause"))
                .toList();
    }

    private static boolean isRender(ProcessHandle process) {
        return process.info()
                .commandLine()
                .map(c -> c.contains("manimrender job"))
                .orElse(false);
    }

    /** pod<uid> directories, whatever their QoS class (Guaranteed pods sit directly under kubepods). */
    private static Stream<Path> podDirs() {
        if (!Files.isDirectory(PODS)) {
            return Stream.empty();
        }
        try (Stream<Path> tree = Files.walk(PODS, 2)) {
            return tree
                    .filter(Files::isDirectory)
                    .filter(p -> p.getFileName().toString().startsWith("pod"))
                    .toList()
                    .stream();
        } catch (IOException | java.io.UncheckedIOException e) {
            return Stream.empty(); // a pod went away while walking
        }
    }

    private static List<ProcessHandle> processesIn(Path podDir) {
        try (Stream<Path> tree = Files.walk(podDir)) {
            return tree.filter(p -> p.getFileName().toString().equals("cgroup.procs"))
                    .flatMap(RenderProcesses::pids)
                    .distinct()
                    .flatMap(pid -> ProcessHandle.of(pid).stream())
                    .toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of();
        }
    }

    private static Stream<Long> pids(Path procs) {
        try {
            return Files.readAllLines(procs, StandardCharsets.US_ASCII).stream()
                    .filter(s -> !s.isBlank())
                    .map(String::trim)
                    .map(Long::parseLong);
        } catch (IOException e) {
            return Stream.empty();
        }
    }
}
