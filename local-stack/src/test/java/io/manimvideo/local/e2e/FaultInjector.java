package io.manimvideo.local.e2e;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.manimvideo.local.LocalStack;
import io.manimvideo.local.ServiceOverrides;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Strikes one {@link FaultKind} at the running stack and returns once it is over (after its duration, for the
 * faults that hold); answers what it did. Processes are killed with SIGKILL among this JVM's descendants only (the
 * stack's own etcd, kube-apiserver, ...; the supervisors start them again); pods are deleted through the API
 * server as an admin or the node would.
 */
final class FaultInjector {
    /** The operator's leader-election Lease (VideoJobOperator.LEASE_NAME); its holder is the leader's pod name. */
    static final String OPERATOR_LEASE = "manim-video-operator";

    /** What one strike did: when it began and ended, and what it hit. */
    record FaultEvent(FaultKind kind, Instant start, Instant end, String detail) {}

    private final EndToEndStack e2e;
    private final Random random;
    private final Consumer<String> console;
    private final AtomicInteger upgrades = new AtomicInteger();
    private final RenderPodFaults renderPods;
    private final List<RenderPodFaults.LostRender> lostRenders = new CopyOnWriteArrayList<>();

    FaultInjector(EndToEndStack e2e, long seed, Consumer<String> console) {
        this.e2e = e2e;
        this.random = new Random(seed ^ 0x5DEECE66DL);
        this.console = console;
        this.renderPods = new RenderPodFaults(e2e, random);
    }

    FaultEvent strike(FaultKind kind) throws Exception {
        Instant start = Instant.now();
        console.accept("fault: " + kind.label());
        String detail =
                switch (kind) {
                    case ETCD_KILLED -> kill("etcd");
                    case API_SERVER_KILLED -> kill("kube-apiserver");
                    case API_SERVER_UNREACHABLE -> pause("kube-apiserver", kind.lasts());
                    case CONTROLLER_MANAGER_KILLED -> kill("kube-controller-manager");
                    case SCHEDULER_KILLED -> kill("kube-scheduler");
                    case KUBELET_KILLED -> kill("kubelet");
                    case CONTAINERD_KILLED -> kill("containerd");
                    case KUBE_PROXY_KILLED -> kill("kube-proxy");
                    case REDIS_KILLED -> killRedis();
                    case OPERATOR_LEADER_DELETED -> deleteOperatorLeader();
                    case INGRESS_POD_DELETED -> deletePod("app.kubernetes.io/component", "ingress", 0L);
                    case RENDER_POD_DELETED -> deleteRenderPod();
                    case RENDER_POD_OOM_KILLED -> renderPods.outOfMemory();
                    case RENDER_POD_EVICTED -> renderPods.evict();
                    case RENDER_POD_LOST_AFTER_STORING -> loseRenderAfterStoring();
                    case WORK_DIR_FULL -> renderPods.fillWorkDir();
                    case STORAGE_CRASHED -> {
                        e2e.stack.s3().crash();
                        sleep(kind.lasts());
                        e2e.stack.s3().restart();
                        yield "S3Proxy down for " + kind.lasts().toSeconds() + " s";
                    }
                    case STORAGE_503 -> {
                        e2e.stack.s3().unavailable(true);
                        try {
                            sleep(kind.lasts());
                        } finally {
                            e2e.stack.s3().unavailable(false);
                        }
                        yield "503 for " + kind.lasts().toSeconds() + " s";
                    }
                    case TELEGRAM_429 -> {
                        for (String method : List.of("sendVideo", "sendMessage", "editMessageText")) {
                            e2e.telegram.tooManyRequests(method, 3, 3);
                        }
                        yield "3 × 429 (retry_after 3) on sendVideo, sendMessage, editMessageText";
                    }
                    case TELEGRAM_TIMEOUT -> {
                        e2e.telegram.timesOut(kind.lasts());
                        sleep(kind.lasts());
                        yield "no answer to any Bot API call for "
                                + kind.lasts().toSeconds() + " s, then dropped";
                    }
                    case HELM_UPGRADE -> upgrade();
                };
        Instant end = Instant.now();
        console.accept("fault over: " + kind.label() + " (" + detail + ")");
        return new FaultEvent(kind, start, end, detail);
    }

    /** The render pods lost after they stored their video: each VideoJob's video is to be adopted. */
    List<RenderPodFaults.LostRender> lostRenders() {
        return List.copyOf(lostRenders);
    }

    private String loseRenderAfterStoring() throws InterruptedException {
        Optional<RenderPodFaults.LostRender> lost = renderPods.loseAfterStoringItsVideo();
        lost.ifPresent(lostRenders::add);
        return lost.map(l -> l.pod() + " force-deleted after its video was stored, before it heard so")
                .orElse("no render pod stored a video within a minute");
    }

    /** SIGKILL of the named program among this JVM's descendants (its supervisor starts it again). */
    private String kill(String program) {
        List<ProcessHandle> hit = descendants(program);
        hit.forEach(ProcessHandle::destroyForcibly);
        return hit.isEmpty() ? "no " + program + " running" : program + " pid " + pids(hit);
    }

    /** By its pid: Debian's redis-server is a link to redis-check-rdb, the name its process shows. */
    private String killRedis() {
        long pid = e2e.stack.redis().pid();
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        return "redis-server pid " + pid;
    }

    /** SIGSTOP, then SIGCONT after {@code lasts}: the process keeps its sockets and answers nothing meanwhile. */
    private String pause(String program, Duration lasts) throws Exception {
        List<ProcessHandle> hit = descendants(program);
        signal("STOP", hit);
        try {
            sleep(lasts);
        } finally {
            signal("CONT", hit);
        }
        return program + " pid " + pids(hit) + " stopped " + lasts.toSeconds() + " s";
    }

    private String deleteOperatorLeader() {
        Optional<String> holder = Optional.ofNullable(e2e.stack
                        .client()
                        .resources(Lease.class)
                        .inNamespace(LocalStack.NAMESPACE)
                        .withName(OPERATOR_LEASE)
                        .get())
                .map(lease -> lease.getSpec().getHolderIdentity());
        if (holder.isEmpty()) {
            return "no leader yet; " + deletePod("app.kubernetes.io/component", "operator", 0L);
        }
        e2e.stack
                .client()
                .pods()
                .inNamespace(LocalStack.NAMESPACE)
                .withName(holder.get())
                .withGracePeriod(0)
                .delete();
        return "leader " + holder.get();
    }

    /** A render pod that runs, deleted as {@code kubectl delete pod} does (with its grace period). */
    private String deleteRenderPod() throws InterruptedException {
        Optional<Pod> pod = renderPods.running();
        if (pod.isEmpty()) {
            return RenderPodFaults.NONE_RUNNING;
        }
        e2e.stack.client().pods().resource(pod.get()).delete();
        return pod.get().getMetadata().getName();
    }

    private String deletePod(String label, String value, Long grace) {
        List<Pod> pods = e2e.stack
                .client()
                .pods()
                .inNamespace(LocalStack.NAMESPACE)
                .withLabel(label, value)
                .list()
                .getItems();
        if (pods.isEmpty()) {
            return "no " + value + " pod";
        }
        Pod pod = pods.get(random.nextInt(pods.size()));
        e2e.stack.client().pods().resource(pod).withGracePeriod(grace).delete();
        return pod.getMetadata().getName();
    }

    /**
     * {@code helm upgrade --wait} with changed configuration for both services (a new value of a setting each
     * reads), so both Deployments roll out new pods while jobs run.
     */
    private String upgrade() {
        int revision = upgrades.incrementAndGet();
        e2e.stack.upgrade(new ServiceOverrides(
                Map.of(
                        "DELIVERY_GRACE",
                        EndToEndStack.DELIVERY_GRACE.plusSeconds(revision).toString()),
                Map.of("RATE_LIMIT_BURST", String.valueOf(100 + revision))));
        return "revision " + (revision + 1) + ": DELIVERY_GRACE and RATE_LIMIT_BURST changed";
    }

    private static List<ProcessHandle> descendants(String program) {
        return ProcessHandle.current()
                .descendants()
                .filter(p ->
                        p.info().command().map(c -> c.endsWith("/" + program)).orElse(false))
                .toList();
    }

    private static String pids(List<ProcessHandle> processes) {
        return processes.stream().map(p -> Long.toString(p.pid())).toList().toString();
    }

    private static void signal(String name, List<ProcessHandle> processes) throws IOException, InterruptedException {
        for (ProcessHandle process : processes) {
            new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                    .inheritIO()
                    .start()
                    .waitFor();
        }
    }

    private static void sleep(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }
}
