package io.manimvideo.operator.bench;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.manimvideo.operator.OperatorMain;
import io.manimvideo.operator.testing.ApiServerDispatcher;
import io.manimvideo.operator.testing.OperatorTestEnvironment;
import io.manimvideo.testsupport.storage.S3Store;
import io.manimvideo.operator.testing.VideoJobs;
import java.io.File;
import java.io.FileInputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Creates VideoJobs against the fabric8 mock API server while the operator runs in its own JVM (started
 * from {@link OperatorMain} as in production, so its heap is its own), and reports: time from VideoJob
 * creation to its child Job (p50, p99), reconciles per second, and the operator's heap after a full GC.
 *
 * <p>Arguments: first batch size (default 2000), total (default 10000), creation rate per second for the
 * first batch (default 0: as fast as 8 client threads can create). Run with operator/bench/run.sh.
 */
public final class OperatorBenchmark {
  private static final String NS = OperatorTestEnvironment.NAMESPACE;
  private final HttpClient http = HttpClient.newHttpClient();
  private final Map<String, Long> created = new ConcurrentHashMap<>();
  private final Map<String, Long> childSeen = new ConcurrentHashMap<>();
  private NamespacedKubernetesClient client;
  private String metricsUrl;

  public static void main(String[] args) throws Exception {
    int first = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int total = args.length > 1 ? Integer.parseInt(args[1]) : 10000;
    int rate = args.length > 2 ? Integer.parseInt(args[2]) : 0;
    new OperatorBenchmark().run(first, total, rate);
    System.exit(0);
  }

  private void run(int first, int total, int rate) throws Exception {
    // the mock server logs every request at INFO through java.util.logging
    java.util.logging.LogManager.getLogManager().reset();
    java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    try (S3Store s3 = S3Store.inMemory()) {
      KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
          new ApiServerDispatcher(), false);
      server.init();
      client = server.createClient();
      try (var crd = new FileInputStream(OperatorTestEnvironment.crdFile().toFile())) {
        client.apiextensions().v1().customResourceDefinitions()
            .resource(client.getKubernetesSerialization().unmarshal(crd, CustomResourceDefinition.class)).create();
      }
      int port = freePort();
      metricsUrl = "http://127.0.0.1:" + port + "/metrics";
      Process operator = startOperator(server.url("/"), s3.endpoint(), port);
      try {
        awaitReady("http://127.0.0.1:" + port + "/readyz");
        client.batch().v1().jobs().inNamespace(NS).inform(new ResourceEventHandler<>() {
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
        System.out.printf(Locale.ROOT, "operator pid %d; heap with no VideoJobs: %.1f MiB%n", operator.pid(),
            heapAfterGc(operator));
        batch(0, first, rate);
        System.out.printf(Locale.ROOT, "heap after GC with %d VideoJobs cached: %.1f MiB%n", first,
            heapAfterGc(operator));
        cached(first, total, operator);
      } finally {
        operator.destroy();
        operator.waitFor(20, TimeUnit.SECONDS);
        client.close();
        server.destroy();
      }
    }
  }

  /** Creates VideoJobs {@code from}..{@code to}-1 from 8 threads and waits for every child Job. */
  private void batch(int from, int to, int rate) throws Exception {
    double reconcilesBefore = metric("operator_sdk_reconciliations_started_total");
    long start = System.nanoTime();
    var pool = Executors.newFixedThreadPool(8);
    for (int i = from; i < to; i++) {
      String name = "bench-" + i;
      if (rate > 0) {
        long due = start + (long) ((i - from) * 1e9 / rate);
        while (System.nanoTime() < due) {
          Thread.sleep(1);
        }
      }
      pool.submit(() -> {
        long t0 = System.nanoTime();
        client.resource(VideoJobs.problem(name)).create();
        created.put(name, t0);
        return null;
      });
    }
    pool.shutdown();
    pool.awaitTermination(30, TimeUnit.MINUTES);
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
    while (childSeen.size() < to && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    long end = System.nanoTime();
    double seconds = (end - start) / 1e9;
    double reconciles = metric("operator_sdk_reconciliations_started_total") - reconcilesBefore;
    List<Double> latencies = new ArrayList<>();
    for (int i = from; i < to; i++) {
      String name = "bench-" + i;
      if (childSeen.containsKey(name)) {
        latencies.add((childSeen.get(name) - created.get(name)) / 1e6);
      }
    }
    Collections.sort(latencies);
    System.out.printf(Locale.ROOT,
        "%d VideoJobs (%d..%d, %s): %d child Jobs in %.1f s; creation -> child Job p50 %.0f ms, p99 %.0f ms, max %.0f ms;"
            + " %.0f reconciles (%.0f/s)%n",
        to - from, from, to - 1, rate > 0 ? rate + "/s" : "burst", latencies.size(), seconds, percentile(latencies, 50), percentile(latencies, 99),
        latencies.get(latencies.size() - 1), reconciles, reconciles / seconds);
  }

  /**
   * Grows the operator's cache to {@code total} VideoJobs and measures its heap once its informer holds
   * them all, then again once every one has its child Job (or after 15 minutes: the mock API server's
   * linear-scan store, not the operator, is what slows down as objects accumulate).
   */
  private void cached(int from, int total, Process operator) throws Exception {
    long start = System.nanoTime();
    var pool = Executors.newFixedThreadPool(8);
    for (int i = from; i < total; i++) {
      String name = "bench-" + i;
      pool.submit(() -> client.resource(VideoJobs.problem(name)).create());
    }
    pool.shutdown();
    pool.awaitTermination(30, TimeUnit.MINUTES);
    while (sum("operator_sdk_events_received_total", "action=\"ADDED\",event=\"ResourceEvent\",group=\"manimvideo.io\"")
        < total) {
      Thread.sleep(100);
    }
    System.out.printf(Locale.ROOT, "%d VideoJobs in the operator's cache after %.1f s (%d child Jobs so far); "
        + "heap after GC: %.1f MiB%n", total, (System.nanoTime() - start) / 1e9, childSeen.size(),
        heapAfterGc(operator));
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
    while (childSeen.size() < total && System.nanoTime() < deadline) {
      Thread.sleep(1000);
    }
    System.out.printf(Locale.ROOT, "%d of %d child Jobs after %.1f s; heap after GC: %.1f MiB%n", childSeen.size(),
        total, (System.nanoTime() - start) / 1e9, heapAfterGc(operator));
  }

  private static double percentile(List<Double> sorted, int p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }

  private Process startOperator(String apiUrl, String s3Endpoint, int httpPort) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("KUBERNETES_MASTER", apiUrl);
    env.put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
    env.put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
    env.put("KUBERNETES_NAMESPACE", NS);
    env.put("POD_NAMESPACE", NS);
    env.put("STORAGE_ENDPOINT", s3Endpoint);
    env.put("STORAGE_REGION", "us-east-1");
    env.put("STORAGE_ACCESS_KEY", S3Store.ACCESS_KEY);
    env.put("STORAGE_SECRET_KEY", S3Store.SECRET_KEY);
    env.put("SERVER_SIDE_APPLY", "false");
    env.put("LEADER_ELECTION", "false");
    env.put("HTTP_PORT", Integer.toString(httpPort));
    ProcessBuilder builder = new ProcessBuilder(
        List.of(System.getProperty("java.home") + "/bin/java", "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
            "-cp", System.getProperty("java.class.path"), OperatorMain.class.getName()))
        .redirectErrorStream(true).redirectOutput(new File("target/bench-operator.log"));
    builder.environment().putAll(env);
    return builder.start();
  }

  private void awaitReady(String url) throws Exception {
    for (int i = 0; i < 600; i++) {
      try {
        if (http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
            .statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException notYet) {
        // the operator is still starting
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("operator not ready; see target/bench-operator.log");
  }

  /** Runs a full GC in the operator JVM (jcmd), then reads its heap use from its own /metrics. */
  private double heapAfterGc(Process operator) throws Exception {
    Thread.sleep(3000); // let reconciles triggered by the last events settle
    for (int i = 0; i < 2; i++) {
      new ProcessBuilder(System.getProperty("java.home") + "/bin/jcmd", Long.toString(operator.pid()), "GC.run")
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    }
    Thread.sleep(500);
    return sum("jvm_memory_used_bytes", "area=\"heap\"") / (1024.0 * 1024.0);
  }

  private double metric(String name) throws Exception {
    return sum(name, "");
  }

  private double sum(String name, String labelPart) throws Exception {
    String body = http.send(HttpRequest.newBuilder(URI.create(metricsUrl)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    return body.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
        .filter(l -> l.contains(labelPart))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
