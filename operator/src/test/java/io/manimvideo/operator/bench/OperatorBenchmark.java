package io.manimvideo.operator.bench;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.manimvideo.api.VideoJob;
import io.manimvideo.localinfra.LoopbackPorts;
import io.manimvideo.localinfra.controlplane.ControlPlane;
import io.manimvideo.localinfra.controlplane.SharedControlPlane;
import io.manimvideo.localinfra.controlplane.VideoJobCrd;
import io.manimvideo.localinfra.storage.S3Store;
import io.manimvideo.operator.OperatorMain;
import io.manimvideo.operator.testing.ApiServerRequests;
import io.manimvideo.operator.testing.OperatorProcess;
import io.manimvideo.operator.testing.VideoJobs;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Creates problem VideoJobs against the real control plane (etcd, kube-apiserver, kube-controller-manager of
 * {@link SharedControlPlane}) while the operator runs in its own JVM, started from {@link OperatorMain} as in
 * production (server-side apply, leader election), and reports: creation → child Job latency for a paced batch
 * and for a burst, the burst's floor (the same API writes issued directly, without the operator), reconciles
 * per second, API requests per VideoJob, the operator's heap after a full GC, and the RSS of kube-apiserver and
 * etcd.
 *
 * <p>Arguments: batch size (default 2000), total VideoJobs for the last heap figure (default 10000), paced
 * creation rate per second (default 20). Run with operator/bench/run.sh.
 */
public final class OperatorBenchmark {
    private static final int CLIENT_THREADS = 8;
    /** Floor writers: enough parallel requests to keep the API server busy, as the operator's threads can. */
    private static final int FLOOR_THREADS = 32;

    private static final int WARM_UP_SECONDS = 30;

    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, Long> created = new ConcurrentHashMap<>();
    private final Map<String, Long> createReturned = new ConcurrentHashMap<>();
    private final Map<String, Long> childSeen = new ConcurrentHashMap<>();
    private ControlPlane plane;
    private KubernetesClient client;
    private String metricsUrl;
    private int warmUpCount;

    public static void main(String[] args) throws Exception {
        int batch = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int total = args.length > 1 ? Integer.parseInt(args[1]) : 10000;
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        new OperatorBenchmark().run(batch, total, rate);
        System.exit(0);
    }

    private void run(int batch, int total, int rate) throws Exception {
        try (S3Store s3 = S3Store.inMemory()) {
            plane = SharedControlPlane.get();
            try (KubernetesClient admin = plane.client()) {
                VideoJobCrd.install(admin);
            }
            String namespace = plane.createNamespace("bench");
            client = plane.client(namespace);
            Path kubeconfig = plane.writeKubeconfig(Path.of("target/bench-kubeconfig"), namespace);
            int port = LoopbackPorts.free();
            metricsUrl = "http://127.0.0.1:" + port + "/metrics";
            Process operator = OperatorProcess.start(
                    kubeconfig, namespace, s3.endpoint(), port, "1g", new File("target/bench-operator.log"));
            try {
                OperatorProcess.awaitReady(port, new File("target/bench-operator.log"));
                client.batch().v1().jobs().inNamespace(namespace).inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Job job) {
                        String name = job.getMetadata().getName();
                        childSeen.putIfAbsent(name.substring(0, name.lastIndexOf("-codegen-")), System.nanoTime());
                    }

                    @Override
                    public void onUpdate(Job oldJob, Job newJob) {}

                    @Override
                    public void onDelete(Job job, boolean unknown) {}
                });
                System.out.printf(
                        Locale.ROOT,
                        "control plane %s; operator pid %d; heap with no VideoJobs: %.1f MiB; %s%n",
                        plane.url(),
                        operator.pid(),
                        heapAfterGc(operator),
                        rss());
                warmUp(rate);
                Map<String, Double> requestsBefore = apiRequests();
                batch("paced", 0, batch, rate);
                printRequestsPerVideoJob(requestsBefore, apiRequests(), batch);
                printEventsPerVideoJob(batch);
                System.out.printf(
                        Locale.ROOT,
                        "heap after GC with %d VideoJobs cached: %.1f MiB; %s%n",
                        batch,
                        heapAfterGc(operator),
                        rss());
                batch("burst", batch, 2 * batch, 0);
                floor(batch);
                System.out.printf(
                        Locale.ROOT,
                        "heap after GC with %d VideoJobs cached: %.1f MiB; %s%n",
                        2 * batch,
                        heapAfterGc(operator),
                        rss());
                cached(2 * batch, total, operator);
            } finally {
                operator.destroy();
                if (!operator.waitFor(20, TimeUnit.SECONDS)) {
                    operator.destroyForcibly(); // its shutdown can wait on a control plane that is already stopping
                }
                client.close();
            }
        }
    }

    /**
     * Creates VideoJobs {@code from}..{@code to}-1, paced from 8 threads when {@code rate} > 0, else as a burst from as
     * many threads as the floor uses (so the client is not what the burst measures), and waits for every child Job.
     */
    private void batch(String label, int from, int to, int rate) throws Exception {
        batch(label, "bench-", from, to, rate);
    }

    /**
     * The operator JVM's first seconds (class loading, JIT, the first connections and serializers), and this JVM's,
     * are not the steady state the paced batch measures: {@value #WARM_UP_SECONDS} s of VideoJobs at the paced rate,
     * reported on their own, then deleted (and gone) so the later figures count only the batches.
     */
    private void warmUp(int rate) throws Exception {
        int count = WARM_UP_SECONDS * Math.max(rate, 20);
        warmUpCount = count;
        batch("warm-up (cold operator)", "warm-", 0, count, Math.max(rate, 20));
        for (int i = 0; i < count; i++) {
            client.resources(VideoJob.class).withName("warm-" + i).delete();
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while ((!client.resources(VideoJob.class).list().getItems().isEmpty()
                        || !client.batch().v1().jobs().list().getItems().isEmpty()
                        || !client.pods().list().getItems().isEmpty())
                && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
    }

    private void batch(String label, String prefix, int from, int to, int rate) throws Exception {
        double reconcilesBefore = metric("operator_sdk_reconciliations_started_total");
        double failedBefore = metric("operator_sdk_reconciliations_failed_total");
        // JOSDK's gauges of reconciles running and submitted (running or waiting for one of the executor's 50 threads)
        AtomicInteger mostExecuting = new AtomicInteger();
        AtomicInteger mostQueued = new AtomicInteger();
        var sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(
                () -> {
                    try {
                        String body = scrape(); // both gauges from one scrape
                        int running = (int) sum(body, "operator_sdk_reconciliations_executions_videojob", "");
                        mostExecuting.accumulateAndGet(running, Math::max);
                        mostQueued.accumulateAndGet(
                                (int) sum(body, "operator_sdk_reconciliations_queue_size_videojob", "") - running,
                                Math::max);
                    } catch (Exception e) {
                        // the next sample
                    }
                },
                0,
                250,
                TimeUnit.MILLISECONDS);
        long start = System.nanoTime();
        int threads = rate > 0 ? CLIENT_THREADS : FLOOR_THREADS;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int i = from; i < to; i++) {
            String name = prefix + i;
            if (rate > 0) {
                long due = start + (long) ((i - from) * 1e9 / rate);
                while (System.nanoTime() < due) {
                    Thread.sleep(1);
                }
            }
            pool.submit(() -> {
                long t0 = System.nanoTime();
                created.put(name, t0);
                client.resource(VideoJobs.problem(name)).create();
                createReturned.put(name, System.nanoTime());
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.MINUTES);
        long createdAll = System.nanoTime();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
        while (countSeen(prefix, from, to) < to - from && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        long end = System.nanoTime();
        sampler.shutdownNow();
        double seconds = (end - start) / 1e9;
        double reconciles = metric("operator_sdk_reconciliations_started_total") - reconcilesBefore;
        List<Double> latencies = new ArrayList<>();
        // per 10 s of creation: whether the tail is a moment (start, a GC, a neighbour's build) or steady
        Map<Long, List<Double>> windows = new TreeMap<>();
        for (int i = from; i < to; i++) {
            String name = prefix + i;
            if (childSeen.containsKey(name)) {
                double ms = (childSeen.get(name) - created.get(name)) / 1e6;
                latencies.add(ms);
                windows.computeIfAbsent((created.get(name) - start) / 10_000_000_000L, w -> new ArrayList<>())
                        .add(ms);
            }
        }
        Collections.sort(latencies);
        System.out.printf(
                Locale.ROOT,
                "%s: %d VideoJobs (%s; all created after %.1f s): %d child Jobs in %.1f s; creation -> child Job p50 %.0f ms,"
                        + " p99 %.0f ms, max %.0f ms; %.0f reconciles (%.1f/s, %.2f per VideoJob)%n",
                label,
                to - from,
                rate > 0 ? rate + "/s" : "burst from " + threads + " threads",
                (createdAll - start) / 1e9,
                latencies.size(),
                seconds,
                percentile(latencies, 50),
                percentile(latencies, 99),
                latencies.get(latencies.size() - 1),
                reconciles,
                reconciles / seconds,
                reconciles / (to - from));
        StringBuilder perWindow = new StringBuilder("  p99 (max) per 10 s of creation, ms:");
        windows.values().forEach(w -> {
            Collections.sort(w);
            perWindow.append(String.format(Locale.ROOT, " %.0f (%.0f)", percentile(w, 99), w.get(w.size() - 1)));
        });
        System.out.println(perWindow);
        System.out.printf(
                Locale.ROOT,
                "  failed reconciles: %.0f; most reconciles running at once: %d, most waiting for a thread: %d%n",
                metric("operator_sdk_reconciliations_failed_total") - failedBefore,
                mostExecuting.get(),
                mostQueued.get());
        IntStream.range(from, to)
                .mapToObj(i -> prefix + i)
                .filter(childSeen::containsKey)
                .sorted(Comparator.comparingLong((String n) -> childSeen.get(n) - created.get(n))
                        .reversed())
                .limit(5)
                .forEach(n -> System.out.printf(
                        Locale.ROOT,
                        "  slow: %s created at +%.1f s (the create call took %d ms)," + " child Job seen after %d ms%n",
                        n,
                        (created.get(n) - start) / 1e9,
                        (createReturned.get(n) - created.get(n)) / 1_000_000,
                        (childSeen.get(n) - created.get(n)) / 1_000_000));
    }

    private long countSeen(String prefix, int from, int to) {
        long n = 0;
        for (int i = from; i < to; i++) {
            if (childSeen.containsKey(prefix + i)) {
                n++;
            }
        }
        return n;
    }

    /**
     * The floor of a burst: the API writes one VideoJob costs (create, finalizer apply, child Job create, one Event,
     * status patch), issued directly for {@code count} VideoJobs from {@value #FLOOR_THREADS} threads, in a
     * namespace no operator watches.
     */
    private void floor(int count) throws Exception {
        String namespace = plane.createNamespace("floor");
        try (KubernetesClient floor = plane.client(namespace)) {
            long start = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(FLOOR_THREADS);
            for (int i = 0; i < count; i++) {
                String name = "floor-" + i;
                pool.submit(() -> {
                    VideoJob vj = floor.resource(VideoJobs.problem(name)).create();
                    floor.resources(VideoJob.class)
                            .resource(vj)
                            .patch(PatchContext.of(PatchType.SERVER_SIDE_APPLY), """
              {"apiVersion":"manimvideo.io/v1alpha1","kind":"VideoJob","metadata":{"name":"%s",
               "finalizers":["videojobs.manimvideo.io/finalizer"]}}""".formatted(name));
                    floor.batch()
                            .v1()
                            .jobs()
                            .resource(new JobBuilder()
                                    .withNewMetadata()
                                    .withName(name + "-codegen-1")
                                    .addNewOwnerReference()
                                    .withApiVersion("manimvideo.io/v1alpha1")
                                    .withKind("VideoJob")
                                    .withName(name)
                                    .withUid(vj.getMetadata().getUid())
                                    .withController(true)
                                    .endOwnerReference()
                                    .endMetadata()
                                    .withNewSpec()
                                    .withBackoffLimit(0)
                                    .withNewTemplate()
                                    .withNewSpec()
                                    .withRestartPolicy("Never")
                                    .addNewContainer()
                                    .withName("workload")
                                    .withImage("codegen")
                                    .endContainer()
                                    .endSpec()
                                    .endTemplate()
                                    .endSpec()
                                    .build())
                            .create();
                    floor.v1()
                            .events()
                            .resource(new EventBuilder()
                                    .withNewMetadata()
                                    .withName(name + ".started")
                                    .endMetadata()
                                    .withNewInvolvedObject()
                                    .withKind("VideoJob")
                                    .withName(name)
                                    .withNamespace(namespace)
                                    .withUid(vj.getMetadata().getUid())
                                    .endInvolvedObject()
                                    .withReason("AIGenerating")
                                    .withMessage("Writing the animation code (attempt 1).")
                                    .withType("Normal")
                                    .build())
                            .create();
                    floor.resources(VideoJob.class)
                            .resource(vj)
                            .subresource("status")
                            .patch(
                                    PatchContext.of(PatchType.JSON),
                                    "[{\"op\":\"add\",\"path\":\"/status\",\"value\":{\"phase\":\"AIGenerating\",\"attempts\":1,"
                                            + "\"activeJob\":\"" + name + "-codegen-1\"}}]");
                    return null;
                });
            }
            pool.shutdown();
            pool.awaitTermination(30, TimeUnit.MINUTES);
            System.out.printf(
                    Locale.ROOT,
                    "floor: the same API writes for %d VideoJobs issued directly (%d threads): %.1f s%n",
                    count,
                    FLOOR_THREADS,
                    (System.nanoTime() - start) / 1e9);
        }
    }

    /** Grows the operator's cache to {@code total} VideoJobs and measures its heap once every one has its child Job. */
    private void cached(int from, int total, Process operator) throws Exception {
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENT_THREADS);
        for (int i = from; i < total; i++) {
            String name = "bench-" + i;
            pool.submit(() -> client.resource(VideoJobs.problem(name)).create());
        }
        pool.shutdown();
        pool.awaitTermination(60, TimeUnit.MINUTES);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
        while (countSeen("bench-", 0, total) < total && System.nanoTime() < deadline) {
            Thread.sleep(1000);
        }
        System.out.printf(
                Locale.ROOT,
                "%d of %d child Jobs after %.1f s; heap after GC: %.1f MiB; %s%n",
                countSeen("bench-", 0, total),
                total,
                (System.nanoTime() - start) / 1e9,
                heapAfterGc(operator),
                rss());
    }

    /** The API server's request counters (verb, resource, subresource), excluding watches. */
    private Map<String, Double> apiRequests() throws Exception {
        Map<String, Double> counts = new TreeMap<>();
        new ApiServerRequests(plane)
                .snapshot(Set.of("videojobs", "jobs", "events", "pods", "leases"))
                .forEach((kind, n) -> counts.merge(kind.call(), n, Double::sum));
        return counts;
    }

    private static void printRequestsPerVideoJob(Map<String, Double> before, Map<String, Double> after, int count) {
        StringBuilder line = new StringBuilder("API requests per VideoJob during the paced batch (all clients, the "
                + "benchmark's own create included; pods and Job status are the Job controller's):");
        after.forEach((key, value) -> {
            double delta = value - before.getOrDefault(key, 0.0);
            if (delta >= count / 100.0) {
                line.append(String.format(Locale.ROOT, " %s %.2f;", key, delta / count));
            }
        });
        System.out.println(line);
    }

    /** Who wrote the Events in the namespace (the API server's request counts do not tell the writers apart). */
    private void printEventsPerVideoJob(int count) {
        Map<String, Integer> bySource = new TreeMap<>();
        client.v1()
                .events()
                .list()
                .getItems()
                .forEach(e -> bySource.merge(
                        e.getSource() != null && e.getSource().getComponent() != null
                                ? e.getSource().getComponent()
                                : String.valueOf(e.getReportingComponent()),
                        1,
                        Integer::sum));
        StringBuilder line =
                new StringBuilder("Events in the namespace per VideoJob of the warm-up and paced batch, by source:");
        bySource.forEach((source, n) ->
                line.append(String.format(Locale.ROOT, " %s %.2f;", source, n / (double) (count + warmUpCount))));
        System.out.println(line);
    }

    /** Resident memory of kube-apiserver and etcd (children of this JVM), from /proc. */
    private static String rss() {
        Map<String, String> found = new TreeMap<>();
        ProcessHandle.current()
                .descendants()
                .forEach(p -> p.info().command().ifPresent(command -> {
                    String name = Path.of(command).getFileName().toString();
                    if (name.equals("kube-apiserver") || name.equals("etcd")) {
                        try {
                            String rss = Files.readAllLines(Path.of("/proc/" + p.pid() + "/status")).stream()
                                    .filter(l -> l.startsWith("VmRSS:"))
                                    .findFirst()
                                    .orElse("VmRSS: ? kB");
                            long kb = Long.parseLong(rss.replaceAll("[^0-9]", ""));
                            found.put(name, String.format(Locale.ROOT, "%.0f MiB", kb / 1024.0));
                        } catch (Exception e) {
                            found.put(name, "?");
                        }
                    }
                }));
        return "RSS " + found;
    }

    private static double percentile(List<Double> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    /** Runs a full GC in the operator JVM (jcmd), then reads its heap use from its own /metrics. */
    private double heapAfterGc(Process operator) throws Exception {
        Thread.sleep(3000); // let reconciles triggered by the last events settle
        for (int i = 0; i < 2; i++) {
            new ProcessBuilder(System.getProperty("java.home") + "/bin/jcmd", Long.toString(operator.pid()), "GC.run")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor();
        }
        Thread.sleep(500);
        return sum("jvm_memory_used_bytes", "area=\"heap\"") / (1024.0 * 1024.0);
    }

    private double metric(String name) throws Exception {
        return sum(name, "");
    }

    private double sum(String name, String labelPart) throws Exception {
        return sum(scrape(), name, labelPart);
    }

    private String scrape() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(metricsUrl)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static double sum(String body, String name, String labelPart) {
        return body.lines()
                .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .filter(l -> l.contains(labelPart))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }
}
