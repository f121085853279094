package io.manimvideo.local.e2e;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.manimvideo.local.LocalStack;
import io.manimvideo.localinfra.storage.S3Store.HeldWrite;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the node does to a running render pod: the kernel's OOM killer (the container's memory cgroup limit cut to
 * what it uses, so its next allocations fail), an eviction through the Eviction API (as {@code kubectl drain}
 * does), the kubelet's own eviction when the pod's work dir (an emptyDir of 1 GiB) is filled past its limit, and a
 * render pod lost (force-deleted, as when its node goes) in the moment after the storage wrote its video and before
 * the pod heard so. Each waits up to a minute for a render pod to run (or to store a video); with none, it does
 * nothing and says so.
 */
final class RenderPodFaults {
    static final String NONE_RUNNING = "no render pod running within a minute";

    /** A video the render pod of {@code videoJob} stored before {@code pod} was lost: adopted, not rendered again. */
    record LostRender(String videoJob, String pod) {}

    /** A VideoJob's video ({@code videojobs/<namespace>/<name>/<uid>/video.<ext>}); group 1: the VideoJob's name. */
    private static final Pattern VIDEO_KEY = Pattern.compile("^videojobs/[^/]+/([^/]+)/[^/]+/video\\.[a-z0-9]+$");

    private static final Path MEMORY_CGROUPS = Path.of("/sys/fs/cgroup/memory");
    /** Room left above what the container uses when its limit is cut: its next allocations pass it. */
    private static final long OOM_HEADROOM = 4L * 1024 * 1024;
    /** More than the render pod's work emptyDir allows (SandboxJobBuilder's 1Gi). */
    private static final long FILL_BYTES = 1024L * 1024 * 1024 + 64L * 1024 * 1024;

    private final EndToEndStack e2e;
    private final Random random;

    RenderPodFaults(EndToEndStack e2e, Random random) {
        this.e2e = e2e;
        this.random = random;
    }

    /** A render pod that runs (none being deleted), waiting up to a minute for one. */
    Optional<Pod> running() throws InterruptedException {
        Instant until = Instant.now().plus(Duration.ofMinutes(1));
        while (Instant.now().isBefore(until)) {
            List<Pod> pods;
            try {
                pods = e2e.stack.client().pods().inNamespace(LocalStack.NAMESPACE).list().getItems().stream()
                        .filter(p -> p.getMetadata().getName().contains("-render-"))
                        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                        .filter(p -> p.getStatus() != null
                                && "Running".equals(p.getStatus().getPhase()))
                        .filter(p -> p.getStatus().getContainerStatuses() != null
                                && !p.getStatus().getContainerStatuses().isEmpty()
                                && p.getStatus().getContainerStatuses().get(0).getContainerID() != null)
                        .toList();
            } catch (KubernetesClientException e) {
                pods = List.of(); // the API server is down for a moment (another fault): look again
            }
            if (!pods.isEmpty()) {
                return Optional.of(pods.get(random.nextInt(pods.size())));
            }
            Thread.sleep(500);
        }
        return Optional.empty();
    }

    /** The render container's memory limit cut to its usage plus 4 MiB: the kernel OOM-kills what allocates more. */
    String outOfMemory() throws InterruptedException, IOException {
        Optional<Pod> pod = running();
        if (pod.isEmpty()) {
            return NONE_RUNNING;
        }
        String id = pod.get()
                .getStatus()
                .getContainerStatuses()
                .get(0)
                .getContainerID()
                .replaceFirst("^.*://", "");
        Optional<Path> cgroup;
        try (Stream<Path> dirs = Files.walk(MEMORY_CGROUPS, 8)) {
            cgroup = dirs.filter(d -> d.getFileName() != null
                            && d.getFileName().toString().equals(id))
                    .findFirst();
        } catch (UncheckedIOException e) {
            // a cgroup went away while the tree was read (a pod ended): look once more
            return outOfMemory();
        }
        if (cgroup.isEmpty()) {
            return pod.get().getMetadata().getName() + ": no memory cgroup of its container found";
        }
        long limit;
        try {
            long usage = Long.parseLong(Files.readString(cgroup.get().resolve("memory.usage_in_bytes"))
                    .trim());
            limit = usage + OOM_HEADROOM;
            Files.writeString(cgroup.get().resolve("memory.limit_in_bytes"), Long.toString(limit));
        } catch (IOException e) {
            return pod.get().getMetadata().getName() + ": the limit could not be cut (" + e.getMessage() + ")";
        }
        return pod.get().getMetadata().getName() + ": memory limit cut to " + limit / (1024 * 1024) + " MiB";
    }

    /**
     * The next video a single render pod stores (not the joining part of a render in parts: a parts pod) is held: the
     * object is in the storage, its PUT unanswered. The pod is then force-deleted (grace 0), and the PUT answers only
     * once the pod is gone from the API server, so its Job has failed without a result and the operator can only find
     * the render's result and video in the storage. Empty when no such video was stored within a minute.
     */
    Optional<LostRender> loseAfterStoringItsVideo() throws InterruptedException {
        Instant until = Instant.now().plus(Duration.ofMinutes(1));
        while (Instant.now().isBefore(until)) {
            HeldWrite held =
                    e2e.stack.s3().holdWrite(key -> VIDEO_KEY.matcher(key).matches());
            try {
                Matcher key = VIDEO_KEY.matcher(held.caught()
                        .get(Math.max(1, Duration.between(Instant.now(), until).toMillis()), TimeUnit.MILLISECONDS));
                if (!key.matches()) {
                    continue;
                }
                Optional<Pod> pod = renderPodOf(key.group(1));
                if (pod.isPresent()) {
                    e2e.stack
                            .client()
                            .pods()
                            .resource(pod.get())
                            .withGracePeriod(0)
                            .delete();
                    awaitGone(pod.get());
                    return Optional.of(
                            new LostRender(key.group(1), pod.get().getMetadata().getName()));
                }
                // a render in parts' joined video (its pod is a parts pod), or its pod already went: the next one
            } catch (TimeoutException | CancellationException e) {
                return Optional.empty();
            } catch (ExecutionException | KubernetesClientException e) {
                return Optional.empty(); // the API server is away (another fault): nothing was done to the pod
            } finally {
                held.release();
            }
        }
        return Optional.empty();
    }

    /** The VideoJob's running render pod (workload {@code render}; not the plan of a render in parts). */
    private Optional<Pod> renderPodOf(String videoJob) {
        return e2e
                .stack
                .client()
                .pods()
                .inNamespace(LocalStack.NAMESPACE)
                .withLabel("manimvideo.io/videojob", videoJob)
                .withLabel("manimvideo.io/workload", "render")
                .list()
                .getItems()
                .stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .filter(p ->
                        p.getStatus() != null && "Running".equals(p.getStatus().getPhase()))
                .findFirst();
    }

    /** Until the pod is gone from the API server (its Job has counted it failed), at most a minute. */
    private void awaitGone(Pod pod) throws InterruptedException {
        Instant until = Instant.now().plus(Duration.ofMinutes(1));
        while (Instant.now().isBefore(until)) {
            try {
                if (e2e.stack.client().pods().resource(pod).get() == null) {
                    return;
                }
            } catch (KubernetesClientException e) {
                // the API server is away for a moment: look again
            }
            Thread.sleep(200);
        }
    }

    /** Evicted through the Eviction API, as {@code kubectl drain} asks for it. */
    String evict() throws InterruptedException {
        Optional<Pod> pod = running();
        if (pod.isEmpty()) {
            return NONE_RUNNING;
        }
        boolean evicted = e2e.stack.client().pods().resource(pod.get()).evict();
        return pod.get().getMetadata().getName() + (evicted ? " evicted" : ": eviction refused");
    }

    /**
     * The pod's work dir (on the node: the kubelet's emptyDir) filled past its 1 GiB limit from the node, as a
     * runaway writer does; the kubelet evicts the pod, and what is left is removed after a minute and a half.
     */
    String fillWorkDir() throws InterruptedException, IOException {
        Optional<Pod> pod = running();
        if (pod.isEmpty()) {
            return NONE_RUNNING;
        }
        String name = pod.get().getMetadata().getName();
        Path workDir = e2e.stateDir.resolve(
                "node/kubelet/pods/" + pod.get().getMetadata().getUid() + "/volumes/kubernetes.io~empty-dir/work");
        if (!Files.isDirectory(workDir)) {
            return name + ": no work dir at " + workDir;
        }
        Path filler = workDir.resolve("filler");
        byte[] chunk = new byte[4 * 1024 * 1024];
        long written = 0;
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (written < FILL_BYTES) {
                out.write(chunk);
                written += chunk.length;
            }
        } catch (IOException e) {
            // the pod was removed while it was being filled: its emptyDir went with it
        }
        Instant until = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(until) && Files.exists(filler)) {
            Thread.sleep(1000);
        }
        boolean removedByKubelet = !Files.exists(filler);
        Files.deleteIfExists(filler);
        return name + ": " + written / (1024 * 1024) + " MiB written, "
                + (removedByKubelet ? "the pod and its work dir removed by the node" : "removed by the test");
    }
}
