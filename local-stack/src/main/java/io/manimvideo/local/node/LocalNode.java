package io.manimvideo.local.node;

import io.fabric8.kubernetes.api.model.NodeAddressBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.NodeSystemInfoBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.manimvideo.testsupport.Directories;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
  public record Settings(String nodeName, Optional<String> namespace, Path workRoot) {
  }

  private final KubernetesClient client;
  private final Settings settings;
  private final ContainerLauncher launcher;
  private final PodStatusWriter status;
  private final Consumer<String> console;
  private final Map<String, PodRun> runs = new ConcurrentHashMap<>();
  private final Set<String> handled = ConcurrentHashMap.newKeySet();
  private final ExecutorService workers = Executors.newCachedThreadPool(daemon("local-node"));
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(daemon("local-node-timer"));
  private KubeletServer kubelet;
  private SharedIndexInformer<Pod> informer;

  public LocalNode(KubernetesClient client, ImageCommands images, Consumer<String> console, Settings settings) {
    this.client = client;
    this.settings = settings;
    this.console = console;
    this.launcher = new ContainerLauncher(images, new ContainerEnvironment(client), System.getenv("PATH"));
    this.status = new PodStatusWriter(client);
  }

  public LocalNode start() {
    kubelet = KubeletServer.start(settings.workRoot().toAbsolutePath(),
        settings.workRoot().resolve(".node").resolve("kubelet.p12"));
    register();
    var pods = settings.namespace().isPresent() ? client.pods().inNamespace(settings.namespace().get())
        : client.pods().inAnyNamespace();
    informer = pods.inform(new ResourceEventHandler<>() {
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
    }, RESYNC.toMillis());
    return this;
  }

  public String nodeName() {
    return settings.nodeName();
  }

  /** Pods whose containers this node runs now. */
  public int runningPods() {
    return runs.size();
  }

  private void register() {
    var osBean = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    Map<String, Quantity> capacity = Map.of(
        "cpu", new Quantity(String.valueOf(Runtime.getRuntime().availableProcessors())),
        "memory", new Quantity(String.valueOf(osBean.getTotalMemorySize())),
        "ephemeral-storage", new Quantity(String.valueOf(settings.workRoot().toFile().getTotalSpace())),
        "pods", new Quantity("110"));
    String name = settings.nodeName();
    var node = new NodeBuilder().withNewMetadata().withName(name)
        .withLabels(Map.of("kubernetes.io/hostname", name, "kubernetes.io/os", "linux",
            "kubernetes.io/arch", System.getProperty("os.arch").replace("x86_64", "amd64")))
        .endMetadata().withNewSpec().endSpec().build();
    client.nodes().resource(node).createOr(existing -> existing.update());
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    client.nodes().withName(name).editStatus(n -> {
      n.setStatus(new NodeStatusBuilder().withCapacity(capacity).withAllocatable(capacity)
          .withConditions(new NodeConditionBuilder().withType("Ready").withStatus("True").withReason("KubeletReady")
              .withMessage("the local node agent runs pods as processes").withLastHeartbeatTime(now)
              .withLastTransitionTime(now).build())
          .withAddresses(new NodeAddressBuilder().withType("InternalIP").withAddress(PodRun.NODE_IP).build(),
              new NodeAddressBuilder().withType("Hostname").withAddress(name).build())
          .withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(kubelet.port()).endKubeletEndpoint()
          .endDaemonEndpoints()
          .withNodeInfo(new NodeSystemInfoBuilder().withOperatingSystem("linux")
              .withArchitecture(System.getProperty("os.arch").replace("x86_64", "amd64"))
              .withKernelVersion(System.getProperty("os.version")).withOsImage(System.getProperty("os.name"))
              .withContainerRuntimeVersion("local-process://1").withKubeletVersion("manim-video-local-node")
              .withKubeProxyVersion("").withMachineID("").withSystemUUID("").withBootID("").build())
          .build());
      return n;
    });
  }

  private void observe(Pod pod) {
    String nodeName = pod.getSpec().getNodeName();
    boolean deleting = pod.getMetadata().getDeletionTimestamp() != null;
    String uid = pod.getMetadata().getUid();
    if (nodeName == null || nodeName.isEmpty()) {
      if (!deleting && handled.add("bind/" + uid)) {
        workers.execute(() -> bind(pod));
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

  /** What kube-scheduler would do, with one node to choose from: POST pods/binding. */
  private void bind(Pod pod) {
    String body = Serialization.asJson(Map.of("apiVersion", "v1", "kind", "Binding",
        "metadata", Map.of("name", pod.getMetadata().getName()),
        "target", Map.of("apiVersion", "v1", "kind", "Node", "name", settings.nodeName())));
    var http = client.getHttpClient();
    String url = client.getMasterUrl().toString().replaceAll("/$", "") + "/api/v1/namespaces/"
        + pod.getMetadata().getNamespace() + "/pods/" + pod.getMetadata().getName() + "/binding";
    try {
      var response = http.sendAsync(http.newHttpRequestBuilder().uri(url).post("application/json", body).build(),
          String.class).get();
      if (response.code() >= 300 && response.code() != 409) {
        LOG.warning("binding " + pod.getMetadata().getName() + " failed: " + response.code() + " " + response.body());
        handled.remove("bind/" + pod.getMetadata().getUid()); // tried again at the next resync
      }
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      LOG.log(Level.WARNING, "binding " + pod.getMetadata().getName() + " failed", e);
      handled.remove("bind/" + pod.getMetadata().getUid());
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
      client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
          .withGracePeriod(0).delete();
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
        LOG.log(Level.FINE, "cannot remove the directory of " + pod.getMetadata().getName(), e);
      }
    });
  }

  private Path podDir(Pod pod) {
    return settings.workRoot().toAbsolutePath().resolve(pod.getMetadata().getNamespace())
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
