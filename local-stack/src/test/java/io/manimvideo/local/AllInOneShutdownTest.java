package io.manimvideo.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command stopped with a signal, as {@code kill} or a terminal's Ctrl-C stops it: the
 * all-in-one JVM runs its shutdown hook and exits, and nothing it started keeps running.
 */
@Tag("controlplane")
class AllInOneShutdownTest {
    /** What the stack's own shutdown needs at most, with every service slow to stop, is far below this. */
    private static final Duration EXIT_BOUND = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void sigtermStopsTheStackAndEverythingItStarted() throws Exception {
        Path project = Path.of(System.getProperty("manimvideo.project.dir", ".."))
                .toAbsolutePath()
                .normalize();
        // the render pods' user namespaces pass through it (LocalNode checks)
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        var before = io.manimvideo.local.node.HostState.read(dir);
        List<String> output = Collections.synchronizedList(new ArrayList<>());
        var allInOne = ServiceProcess.startJava(
                "all-in-one",
                System.getProperty("java.class.path"),
                AllInOne.class.getName(),
                Map.of(
                        "LOCAL_PROJECT_DIR",
                        project.toString(),
                        "LOCAL_STATE_DIR",
                        dir.resolve("state").toString(),
                        "LOCAL_SAMPLE",
                        "false",
                        "LOCAL_HTTP_PORT",
                        "0"),
                project,
                output::add);
        try {
            await().atMost(Duration.ofMinutes(5))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> output.contains("[all-in-one] press Ctrl-C to stop") || !allInOne.isAlive());
            assertThat(allInOne.isAlive())
                    .as("the stack started; its output:\n%s", String.join("\n", List.copyOf(output)))
                    .isTrue();
            List<ProcessHandle> started = allInOne.handle().descendants().toList();
            assertThat(started.stream().map(AllInOneShutdownTest::program))
                    .contains(
                            "etcd",
                            "kube-apiserver",
                            "kube-controller-manager",
                            "kube-scheduler",
                            "kube-proxy",
                            "kubelet",
                            "containerd",
                            "redis-server");

            boolean exitedOnSigterm = allInOne.stop(EXIT_BOUND);

            assertThat(exitedOnSigterm)
                    .as("exited within %s of SIGTERM", EXIT_BOUND)
                    .isTrue();
            // only its shutdown hook stops these: a JVM that exits without running it leaves them all behind
            assertThat(started.stream().filter(ProcessHandle::isAlive).map(AllInOneShutdownTest::program))
                    .as("processes left running")
                    .isEmpty();
            assertThat(io.manimvideo.local.node.HostState.read(dir))
                    .as("what the node leaves on the host (pods, mounts, cgroups, firewall chains, its bridge)")
                    .isEqualTo(before.afterTheNode());
        } finally {
            allInOne.stop(Duration.ZERO);
        }
    }

    /** The program as its command line names it (redis-server's executable is a link to redis-check-rdb). */
    private static String program(ProcessHandle process) {
        try {
            String commandLine = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "cmdline"));
            return Path.of(commandLine.split("[\\x00 ]")[0]).getFileName().toString();
        } catch (IOException e) {
            return "(gone)";
        }
    }
}
