package io.manimvideo.operator.bench;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.manimvideo.api.Phase;
import io.manimvideo.api.VideoJob;
import io.manimvideo.localinfra.LoopbackPorts;
import io.manimvideo.localinfra.controlplane.ControlPlane;
import io.manimvideo.localinfra.controlplane.SharedControlPlane;
import io.manimvideo.localinfra.controlplane.VideoJobCrd;
import io.manimvideo.localinfra.storage.S3Store;
import io.manimvideo.operator.testing.ApiServerRequests;
import io.manimvideo.operator.testing.ApiServerRequests.Kind;
import io.manimvideo.operator.testing.DeletionHistory;
import io.manimvideo.operator.testing.KubeletStandIn;
import io.manimvideo.operator.testing.OperatorProcess;
import io.manimvideo.operator.testing.VideoJobs;
import io.manimvideo.operator.workload.Workload;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * Issue 23, point 4: an admin deletes {@code count} VideoJobs with one {@code kubectl delete vj --all} (one
 * delete-collection request) while the operator is busy with them: a quarter are problems generating code, the rest direct
 * code (200 rendering, one in ten of those Ready with a stored video, the rest queued for a render slot). Prints
 * the time until every VideoJob is gone, until their Jobs and Pods are gone and until their stored objects are
 * gone; the writes to VideoJobs during the deletion by response code (a 409 or 422 is a conflict the operator
 * retries, a 404 a write to a VideoJob already gone) and the operator log's conflict-retry errors.
 *
 * <p>The operator runs in its own JVM from {@code OperatorMain} as in production; the control plane is the real one
 * of local-infra (the Job controller and garbage collector included); no kubelet, so Pods stay Pending and the
 * render pods of the Ready ones are ended as a kubelet would ({@link KubeletStandIn}). Last, the floor: the same
 * delete-collection where no operator runs.
 *
 * <p>Argument: the number of VideoJobs (default 2000). Run with operator/bench/bulk-delete.sh.
 */
public final class BulkDeleteBenchmark {
    private static final int RENDER_SLOTS = 200;
    /** The operator's log; bulk-delete-compare.sh names each operator it runs ({@code -Dbench.label}). */
    private static final File LOG = new File("target/bench-bulk-delete-operator"
            + System.getProperty("bench.label", "").transform(label -> label.isEmpty() ? "" : "-" + label) + ".log");

    private ControlPlane plane;
    private KubernetesClient client;
    private String namespace;

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        new BulkDeleteBenchmark().run(count);
        System.exit(0);
    }

    private void run(int count) throws Exception {
        try (S3Store s3 = S3Store.inMemory()) {
            plane = SharedControlPlane.get();
            try (KubernetesClient admin = plane.client()) {
                VideoJobCrd.install(admin);
            }
            namespace = plane.createNamespace("bulk");
            client = plane.client(namespace);
            Path kubeconfig = plane.writeKubeconfig(Path.of("target/bench-bulk-kubeconfig"), namespace);
            int port = LoopbackPorts.free();
            Process operator = OperatorProcess.start(
                    kubeconfig,
                    namespace,
                    s3.endpoint(),
                    port,
                    "1g",
                    LOG,
                    Map.of("MAX_CONCURRENT_RENDERS", Integer.toString(RENDER_SLOTS)));
            try {
                OperatorProcess.awaitReady(port, LOG);
                prepare(count);
                delete(count, s3);
                floor(count);
            } finally {
                operator.destroy();
                if (!operator.waitFor(20, TimeUnit.SECONDS)) {
                    operator.destroyForcibly();
                }
                client.close();
            }
        }
    }

    /** Creates the VideoJobs and takes them to their phases: generating code, rendering, Ready, queued. */
    private void prepare(int count) throws Exception {
        int problems = count / 4;
        int direct = count - problems;
        int ready = Math.min(direct, RENDER_SLOTS) / 10;
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        for (int i = 0; i < count; i++) {
            VideoJob vj = i < problems ? VideoJobs.problem("tg-" + i) : VideoJobs.directCode("web-" + (i - problems));
            pool.execute(() -> client.resource(vj).create());
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        awaitUntil("render Jobs", () -> jobs(Workload.RENDER).size() >= Math.min(direct, RENDER_SLOTS));
        // the Job controller creates the pods at its own pace (kube-controller-manager's 20 requests per second)
        awaitUntil("Pods", () -> client.pods().list().getItems().size() == problems + Math.min(direct, RENDER_SLOTS));
        KubeletStandIn kubelet = new KubeletStandIn(client, namespace);
        ExecutorService finishers = Executors.newFixedThreadPool(8);
        jobs(Workload.RENDER).stream()
                .limit(ready)
                .forEach(job -> finishers.execute(() -> {
                    try {
                        kubelet.renderSucceeds(job.getMetadata().getName());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
        finishers.shutdown();
        finishers.awaitTermination(10, TimeUnit.MINUTES);
        awaitUntil(
                "phases",
                () -> phases().getOrDefault(Phase.READY, 0L) == ready
                        && jobs(Workload.CODEGEN).size() == problems
                        && jobs(Workload.RENDER).size() == Math.min(direct, RENDER_SLOTS + ready));
        System.out.printf(
                Locale.ROOT,
                "%d VideoJobs ready to delete after %.1f s: %s; %d child Jobs, %d Pods%n",
                count,
                (System.nanoTime() - start) / 1e9,
                phases(),
                client.batch().v1().jobs().list().getItems().size(),
                client.pods().list().getItems().size());
    }

    private void delete(int count, S3Store s3) throws Exception {
        ApiServerRequests requests = new ApiServerRequests(plane);
        Map<Kind, Double> before = requests.snapshot(Set.of("videojobs", "jobs", "pods"));
        long logBefore = Files.size(LOG.toPath());
        MinioClient minio = MinioClient.builder()
                .endpoint(s3.endpoint())
                .region("us-east-1")
                .credentials(S3Store.ACCESS_KEY, S3Store.SECRET_KEY)
                .build();
        String bucket = "manim-videos";
        int objectsBefore = objects(minio, bucket);
        DeletionHistory history = new DeletionHistory(client, namespace);
        long start = System.nanoTime();

        VideoJobs.deleteAll(plane, namespace);
        double marked = (System.nanoTime() - start) / 1e9;

        double videoJobsGone = awaitUntil(
                "VideoJobs gone",
                () -> client.resources(VideoJob.class).list().getItems().isEmpty(),
                start);
        double childrenGone = awaitUntil(
                "Jobs and Pods gone",
                () -> client.batch().v1().jobs().list().getItems().isEmpty()
                        && client.pods().list().getItems().isEmpty(),
                start);
        double objectsGone = awaitUntil("objects gone", () -> objects(minio, bucket) == 0, start);
        Map<Kind, Double> during =
                ApiServerRequests.delta(before, requests.snapshot(Set.of("videojobs", "jobs", "pods")), k -> true);
        String log = Files.readString(LOG.toPath()).substring((int) logBefore);
        double conflicts = sum(
                during,
                k -> k.resource().equals("videojobs")
                        && (k.code().equals("409")
                                || (k.code().equals("422") && !k.subresource().equals("status"))));
        double refused = sum(
                during,
                k -> k.resource().equals("videojobs")
                        && k.code().equals("422")
                        && k.subresource().equals("status"));
        double gone =
                sum(during, k -> k.resource().equals("videojobs") && k.code().equals("404"));
        System.out.printf(
                Locale.ROOT,
                "deleted %d VideoJobs (%d stored objects): all marked (the delete-collection answered) after %.1f s,"
                        + " VideoJobs gone after %.1f s, Jobs and Pods after %.1f s, objects after %.1f s%n",
                count,
                objectsBefore,
                marked,
                videoJobsGone,
                childrenGone,
                objectsGone);
        System.out.printf(
                Locale.ROOT,
                "writes to VideoJobs answered 409, or 422 outside status (conflict): %.0f; 404 (already gone): %.0f;"
                        + " status writes refused as the VideoJob is being deleted (422): %.0f; operator log: %d"
                        + " \"Exceeded maximum\" retry errors, %d lines naming a conflict, %d at ERROR%n",
                conflicts,
                gone,
                refused,
                count(log, "Exceeded maximum"),
                count(log, "onflict"),
                count(log, " ERROR "));
        System.out.printf(
                Locale.ROOT,
                "after the mark (watch streams): %d status writes to a VideoJob being deleted, %d child Jobs created for"
                        + " one; once the deletion began (the first mark): %d status writes to any VideoJob, %d child"
                        + " Jobs created%n",
                history.statusWrittenAfterMark().size(),
                history.jobCreatedAfterMark().size(),
                history.statusWrittenDuringDeletion().size(),
                history.jobCreatedDuringDeletion().size());
        history.close();
        System.out.println("API requests during the deletion (all clients; verb resource code: count): "
                + during.entrySet().stream()
                        .map(e -> String.format(Locale.ROOT, "%s: %.0f", e.getKey(), e.getValue()))
                        .collect(Collectors.joining("; ")));
    }

    /**
     * The floor: the same delete-collection of as many VideoJobs in a namespace no operator watches (so without a
     * finalizer, nothing to clean up): what the API server alone needs to mark and remove them on this machine now.
     */
    private void floor(int count) throws Exception {
        String other = plane.createNamespace("bulk-floor");
        try (KubernetesClient floorClient = plane.client(other)) {
            ExecutorService pool = Executors.newFixedThreadPool(16);
            for (int i = 0; i < count; i++) {
                VideoJob vj = VideoJobs.directCode("floor-" + i);
                pool.execute(() -> floorClient.resource(vj).create());
            }
            pool.shutdown();
            pool.awaitTermination(10, TimeUnit.MINUTES);
            long start = System.nanoTime();
            VideoJobs.deleteAll(plane, other);
            double answered = (System.nanoTime() - start) / 1e9;
            double gone = awaitUntil(
                    "floor VideoJobs gone",
                    () -> floorClient
                            .resources(VideoJob.class)
                            .list()
                            .getItems()
                            .isEmpty(),
                    start);
            System.out.printf(
                    Locale.ROOT,
                    "floor: the same delete-collection of %d VideoJobs no operator watches: answered after %.1f s, all"
                            + " gone after %.1f s%n",
                    count,
                    answered,
                    gone);
        }
    }

    private List<Job> jobs(Workload workload) {
        return client.batch().v1().jobs().list().getItems().stream()
                .filter(j -> Workload.of(j).map(c -> c.workload() == workload).orElse(false))
                .toList();
    }

    private Map<Phase, Long> phases() {
        return client.resources(VideoJob.class).list().getItems().stream()
                .filter(vj -> vj.getStatus() != null && vj.getStatus().getPhase() != null)
                .collect(Collectors.groupingBy(vj -> vj.getStatus().getPhase(), TreeMap::new, Collectors.counting()));
    }

    private static int objects(MinioClient minio, String bucket) {
        int n = 0;
        for (var ignored : minio.listObjects(
                ListObjectsArgs.builder().bucket(bucket).recursive(true).build())) {
            n++;
        }
        return n;
    }

    private static double sum(Map<Kind, Double> counts, java.util.function.Predicate<Kind> which) {
        return counts.entrySet().stream()
                .filter(e -> which.test(e.getKey()))
                .mapToDouble(Map.Entry::getValue)
                .sum();
    }

    private static long count(String log, String text) {
        return log.lines().filter(l -> l.contains(text)).count();
    }

    private static void awaitUntil(String what, BooleanSupplier done) throws InterruptedException {
        awaitUntil(what, done, System.nanoTime());
    }

    /** Polls every 250 ms for up to 15 minutes; returns the seconds from {@code start} until it held. */
    private static double awaitUntil(String what, BooleanSupplier done, long start) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not reached in 15 minutes: " + what);
            }
            Thread.sleep(250);
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
