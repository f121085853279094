package io.manimvideo.local.node;

import static io.manimvideo.local.node.PodStatusWriter.containerStatus;
import static io.manimvideo.local.node.PodStatusWriter.now;
import static io.manimvideo.local.node.PodStatusWriter.waitingState;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * One Pod bound to the local node, run as a kubelet runs it with {@code restartPolicy: Never}: its containers as
 * local processes ({@link ContainerLauncher}), Pod status written at each step (Pending with the containers
 * waiting, Running, then Succeeded or Failed with each container's exit code, reason and termination message).
 * A container that cannot start keeps waiting with the kubelet's reason ({@code CreateContainerConfigError}, ...)
 * and is retried. The Pod's {@code activeDeadlineSeconds} fails it with reason DeadlineExceeded; an emptyDir
 * over its {@code sizeLimit} evicts it; a container over its memory limit is reported OOMKilled, killed by the
 * kernel in its cgroup ({@link ContainerCgroup}, removed when the container ends) or, where the agent can make
 * none, by the node ({@link MemoryWatch}, exit code 137).
 */
final class PodRun {
    private static final Duration LAUNCH_RETRY = Duration.ofSeconds(5);
    private static final Duration USAGE_CHECK = Duration.ofSeconds(2);
    private static final Duration MEMORY_CHECK = Duration.ofMillis(250);

    private final Pod pod;
    private final Path podDir;
    private final ContainerLauncher launcher;
    private final PodStatusWriter status;
    private final Consumer<String> console;
    private final ScheduledExecutorService timers;
    private final List<ContainerLauncher.Launched> launched = new ArrayList<>();
    private final Set<ContainerLauncher.Launched> oomKilled = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;
    private volatile String failureReason;
    private volatile String failureMessage;

    PodRun(
            Pod pod,
            Path podDir,
            ContainerLauncher launcher,
            PodStatusWriter status,
            Consumer<String> console,
            ScheduledExecutorService timers) {
        this.pod = pod;
        this.podDir = podDir;
        this.launcher = launcher;
        this.status = status;
        this.console = console;
        this.timers = timers;
    }

    String namespace() {
        return pod.getMetadata().getNamespace();
    }

    String name() {
        return pod.getMetadata().getName();
    }

    /** Runs the Pod to its end on the calling thread. */
    void run() throws InterruptedException {
        String started = now();
        List<ContainerStatus> waiting = pod.getSpec().getContainers().stream()
                .map(c -> containerStatus(c.getName(), c.getImage(), waitingState("ContainerCreating", null)))
                .toList();
        status.write(pod, "Pending", started, waiting, null, null);
        while (!startContainers(started)) {
            if (sleepUnlessStopped(LAUNCH_RETRY)) {
                return;
            }
        }
        List<ScheduledFuture<?>> watches = new ArrayList<>();
        Long deadline = pod.getSpec().getActiveDeadlineSeconds();
        if (deadline != null) {
            watches.add(timers.schedule(
                    () -> fail("DeadlineExceeded", "Pod was active on the node longer than the specified deadline"),
                    deadline,
                    TimeUnit.SECONDS));
        }
        if (volumes().anyMatch(v -> v.getEmptyDir().getSizeLimit() != null)) {
            watches.add(timers.scheduleWithFixedDelay(
                    this::checkVolumeUsage, USAGE_CHECK.toMillis(), USAGE_CHECK.toMillis(), TimeUnit.MILLISECONDS));
        }
        if (launched.stream().anyMatch(PodRun::watchedMemory)) {
            watches.add(timers.scheduleWithFixedDelay(
                    this::checkMemory, MEMORY_CHECK.toMillis(), MEMORY_CHECK.toMillis(), TimeUnit.MILLISECONDS));
        }
        status.write(
                pod,
                "Running",
                started,
                launched.stream()
                        .map(l -> containerStatus(
                                l.container().getName(),
                                l.container().getImage(),
                                new ContainerStateBuilder()
                                        .withNewRunning()
                                        .withStartedAt(started)
                                        .endRunning()
                                        .build()))
                        .toList(),
                null,
                null);

        List<ContainerStatus> finished;
        try {
            finished = awaitContainers(started);
        } finally {
            // also when the node stops waiting (interrupted): no container's processes or cgroup outlive the run
            launched.forEach(l -> l.cgroup().ifPresent(ContainerCgroup::close));
        }
        boolean succeeded =
                finished.stream().allMatch(c -> c.getState().getTerminated().getExitCode() == 0);
        watches.forEach(w -> w.cancel(false));
        boolean ok = succeeded && failureReason == null && !stopped;
        status.write(pod, ok ? "Succeeded" : "Failed", started, finished, failureReason, failureMessage);
    }

    /** Waits for every container to end; each one's cgroup goes as soon as it has (its leftovers killed). */
    private List<ContainerStatus> awaitContainers(String started) throws InterruptedException {
        List<ContainerStatus> finished = new ArrayList<>();
        for (var l : launched) {
            int exit = l.process().waitFor();
            l.log().close();
            boolean oom = oomKilled.contains(l)
                    || l.cgroup().map(ContainerCgroup::oomKilled).orElse(false);
            l.cgroup().ifPresent(ContainerCgroup::close);
            finished.add(containerStatus(
                    l.container().getName(),
                    l.container().getImage(),
                    new ContainerStateBuilder()
                            .withNewTerminated()
                            .withExitCode(exit)
                            .withReason(oom ? "OOMKilled" : exit == 0 ? "Completed" : "Error")
                            .withMessage(Optional.of(l.terminationMessage(exit))
                                    .filter(m -> !m.isEmpty())
                                    .orElse(null))
                            .withStartedAt(started)
                            .withFinishedAt(now())
                            .endTerminated()
                            .build()));
        }
        return finished;
    }

    /** The Pod is being deleted: its processes get SIGTERM, then SIGKILL after {@code grace}. */
    void stop(Duration grace) {
        stopped = true;
        stopProcesses(grace);
    }

    private void fail(String reason, String message) {
        failureReason = reason;
        failureMessage = message;
        console.accept("[" + namespace() + "/" + name() + "] " + reason + ": " + message);
        stopProcesses(gracePeriod());
    }

    private void stopProcesses(Duration grace) {
        List<ContainerLauncher.Launched> running;
        synchronized (launched) {
            running = List.copyOf(launched);
        }
        running.forEach(l -> l.process().stop(grace));
    }

    private Duration gracePeriod() {
        Long seconds = pod.getSpec().getTerminationGracePeriodSeconds();
        return Duration.ofSeconds(seconds == null ? 30 : Math.min(seconds, 30));
    }

    /** Starts every container; false (and the Pod left Pending with the reason) when one cannot start. */
    private boolean startContainers(String started) {
        for (var container : pod.getSpec().getContainers()) {
            String prefix = "[" + namespace() + "/" + name() + " " + container.getName() + "] ";
            var log = ContainerLog.open(podDir, container.getName());
            try {
                var l = launcher.launch(pod, container, podDir, log, line -> console.accept(prefix + line));
                synchronized (launched) {
                    if (stopped) {
                        discard(l);
                        return true;
                    }
                    launched.add(l);
                }
            } catch (ContainerLauncher.LaunchFailure e) {
                log.close();
                console.accept(prefix + e.reason + ": " + e.getMessage());
                synchronized (launched) {
                    launched.forEach(PodRun::discard);
                    launched.clear();
                }
                status.write(
                        pod,
                        "Pending",
                        started,
                        pod.getSpec().getContainers().stream()
                                .map(c -> containerStatus(
                                        c.getName(),
                                        c.getImage(),
                                        waitingState(
                                                c == container ? e.reason : "ContainerCreating",
                                                c == container ? e.getMessage() : null)))
                                .toList(),
                        null,
                        null);
                return false;
            }
        }
        return true;
    }

    /** A container started before the Pod was given up: its processes and its cgroup go. */
    private static void discard(ContainerLauncher.Launched l) {
        l.process().stop(Duration.ZERO);
        l.cgroup().ifPresent(ContainerCgroup::close);
    }

    /** Whether the node samples the container's memory: it has a limit, but no cgroup to hold it. */
    private static boolean watchedMemory(ContainerLauncher.Launched l) {
        return l.memoryLimit().isPresent() && l.cgroup().isEmpty();
    }

    private void checkVolumeUsage() {
        volumes().filter(v -> v.getEmptyDir().getSizeLimit() != null).forEach(v -> {
            Quantity limit = v.getEmptyDir().getSizeLimit();
            if (failureReason == null
                    && DiskUsage.of(ContainerLauncher.volumeDir(podDir, v.getName()))
                            > Quantity.getAmountInBytes(limit).longValue()) {
                fail(
                        "Evicted",
                        "Usage of EmptyDir volume \"" + v.getName() + "\" exceeds the limit \"" + limit + "\". ");
            }
        });
    }

    /**
     * A container without a cgroup over its memory limit is killed (SIGKILL, exit 137) and reported OOMKilled, as
     * by the kernel.
     */
    private void checkMemory() {
        List<ContainerLauncher.Launched> running;
        synchronized (launched) {
            running = launched.stream().filter(PodRun::watchedMemory).toList();
        }
        for (var l : running) {
            long limit = l.memoryLimit().orElse(Long.MAX_VALUE);
            if (!oomKilled.contains(l) && l.process().isAlive()) {
                long used = MemoryWatch.usage(l.process().processes());
                if (used > limit) {
                    oomKilled.add(l);
                    console.accept("[" + namespace() + "/" + name() + " "
                            + l.container().getName() + "] OOMKilled: " + used / (1024 * 1024)
                            + " MiB in use, over the memory limit of " + limit / (1024 * 1024) + " MiB");
                    l.process().kill();
                }
            }
        }
    }

    private Stream<Volume> volumes() {
        return pod.getSpec().getVolumes() == null
                ? Stream.empty()
                : pod.getSpec().getVolumes().stream().filter(v -> v.getEmptyDir() != null);
    }

    /** Sleeps unless the Pod is stopped first; true when it was. */
    private boolean sleepUnlessStopped(Duration delay) throws InterruptedException {
        long until = System.nanoTime() + delay.toNanos();
        while (!stopped && System.nanoTime() < until) {
            Thread.sleep(100);
        }
        return stopped;
    }
}
