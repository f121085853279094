package io.manimvideo.local.node;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.manimvideo.testsupport.Directories;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The node of the local stack, standing in for a kubelet (and, as there is no kube-scheduler, for scheduling):
 * registers a Ready Node with this machine's capacity, binds every unscheduled Pod it watches to itself through
 * the {@code pods/binding} subresource, runs each bound Pod ({@link PodRun}), and when a Pod is deleted stops its
 * processes, writes its final status and removes it (grace period 0), as a kubelet completes a deletion. Serves
 * the kubelet's log endpoint ({@link KubeletServer}) so that {@code kubectl logs} works through the API server.
 * The real Job controller in kube-controller-manager makes the Pods.
 */
public final class LocalNode implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LocalNode.class.getName());
    /** Every Pod is looked at again this often, so that a failed binding is tried again. */
    private static final Duration RESYNC = Duration.ofSeconds(30);

    /**
     * @param nodeName the Node's name
     * @param namespace the namespace whose Pods this node takes; empty: every namespace
     * @param workRoot pod directories ({@code <ns>/<pod>/}: emptyDirs, logs, termination messages) and the node's key
     */
    public record Settings(String nodeName, Optional<String> namespace, Path workRoot) {}

    private final KubernetesClient client;
    private final Settings settings;
    private final ContainerLauncher launcher;
    private final PodStatusWriter status;
    private final NodeRegistration registration;
    private final PodBinder binder;
    private final Consumer<String> console;
    private final Map<String, PodRun> runs = new ConcurrentHashMap<>();
    private final Set<String> handled = ConcurrentHashMap.newKeySet();
    private final ExecutorService workers = Executors.newCachedThreadPool(daemon("local-node"));
    private final ScheduledExecutorService timers =
            Executors.newSingleThreadScheduledExecutor(daemon("local-node-timer"));
    private KubeletServer kubelet;
    private SharedIndexInformer<Pod> informer;

    public LocalNode(KubernetesClient client, ImageCommands images, Consumer<String> console, Settings settings) {
        this.client = client;
        this.settings = settings;
        this.console = console;
        this.launcher = new ContainerLauncher(
                images, new ContainerEnvironment(client), System.getenv("PATH"), Path.of("/sys/fs/cgroup"));
        this.status = new PodStatusWriter(client);
        this.registration = new NodeRegistration(client, settings.nodeName(), settings.workRoot());
        this.binder = new PodBinder(client, settings.nodeName());
    }

    public LocalNode start() {
        kubelet = KubeletServer.start(
                settings.workRoot().toAbsolutePath(),
                settings.workRoot().resolve(".node").resolve("kubelet.p12"));
        registration.register(kubelet.port());
        var pods = settings.namespace().isPresent()
                ? client.pods().inNamespace(settings.namespace().get())
                : client.pods().inAnyNamespace();
        informer = pods.inform(
                new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Pod pod) {
                        observe(pod);
                    }

                    @Override
                    public void onUpdate(Pod oldPod, Pod pod) {
                        observe(pod);
                    }

                    @Override
                    public void onDelete(Pod pod, boolean finalStateUnknown) {
                        gone(pod);
                    }
                },
                RESYNC.toMillis());
        return this;
    }

    public String nodeName() {
        return settings.nodeName();
    }

    /** Pods whose containers this node runs now. */
    public int runningPods() {
        return runs.size();
    }

    private void observe(Pod pod) {
        String nodeName = pod.getSpec().getNodeName();
        boolean deleting = pod.getMetadata().getDeletionTimestamp() != null;
        String uid = pod.getMetadata().getUid();
        if (nodeName == null || nodeName.isEmpty()) {
            if (!deleting && handled.add("bind/" + uid)) {
                workers.execute(() -> {
                    if (!binder.bind(pod)) {
                        handled.remove("bind/" + uid); // tried again at the next resync
                    }
                });
            }
        } else if (nodeName.equals(settings.nodeName())) {
            if (deleting) {
                if (handled.add("delete/" + uid)) {
                    workers.execute(() -> finishDeletion(pod));
                }
            } else if (!terminal(pod) && handled.add("run/" + uid)) {
                workers.execute(() -> run(pod));
            }
        }
    }

    private void run(Pod pod) {
        var run = new PodRun(pod, podDir(pod), launcher, status, console, timers);
        runs.put(pod.getMetadata().getUid(), run);
        try {
            run.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "running pod " + run.namespace() + "/" + run.name() + " failed", e);
        } finally {
            runs.remove(pod.getMetadata().getUid());
        }
    }

    /** A kubelet completes a graceful deletion: stop the containers, then remove the Pod for good. */
    private void finishDeletion(Pod pod) {
        PodRun run = runs.get(pod.getMetadata().getUid());
        if (run != null) {
            Long grace = pod.getMetadata().getDeletionGracePeriodSeconds();
            run.stop(Duration.ofSeconds(grace == null ? 30 : Math.min(grace, 30)));
            long until = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            while (runs.containsKey(pod.getMetadata().getUid()) && System.nanoTime() < until) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        try {
            client.pods()
                    .inNamespace(pod.getMetadata().getNamespace())
                    .withName(pod.getMetadata().getName())
                    .withGracePeriod(0)
                    .delete();
        } catch (KubernetesClientException e) {
            LOG.log(Level.FINE, "removing pod " + pod.getMetadata().getName() + " failed", e);
        }
    }

    private void gone(Pod pod) {
        String uid = pod.getMetadata().getUid();
        PodRun run = runs.get(uid);
        if (run != null) {
            run.stop(Duration.ZERO);
        }
        handled.removeIf(key -> key.endsWith("/" + uid));
        workers.execute(() -> {
            try {
                Directories.deleteTree(podDir(pod));
            } catch (java.io.UncheckedIOException e) {
                LOG.log(
                        Level.FINE,
                        "cannot remove the directory of " + pod.getMetadata().getName(),
                        e);
            }
        });
    }

    private Path podDir(Pod pod) {
        return settings.workRoot()
                .toAbsolutePath()
                .resolve(pod.getMetadata().getNamespace())
                .resolve(pod.getMetadata().getName());
    }

    private static boolean terminal(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            var t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Stops watching, stops every container still running, and stops the log endpoint. */
    @Override
    public void close() {
        if (informer != null) {
            informer.close();
        }
        runs.values().forEach(run -> run.stop(Duration.ofSeconds(2)));
        workers.shutdownNow();
        timers.shutdownNow();
        if (kubelet != null) {
            kubelet.close();
        }
    }
}
