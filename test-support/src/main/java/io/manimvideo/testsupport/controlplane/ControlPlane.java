package io.manimvideo.testsupport.controlplane;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.manimvideo.testsupport.LoopbackPorts;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real Kubernetes control plane on loopback ports: etcd, then kube-apiserver (RBAC on, self-signed serving
 * certificate, an admin token in {@code system:masters}), then kube-controller-manager with the controllers this
 * product needs (Jobs, garbage collection, TTL after finished, namespaces, service accounts; no leader election).
 * There is no scheduler and no kubelet: a node agent binds and runs Pods. All state lives under the state
 * directory ({@code etcd/}, {@code pki/}, {@code logs/}, {@code kubeconfig}); {@link #close()} stops the three
 * processes in reverse order.
 */
public final class ControlPlane implements AutoCloseable {
  public static final String SERVICE_CLUSTER_IP_RANGE = "10.96.0.0/16";
  /** The controllers kube-controller-manager runs; nothing else reconciles in this control plane. */
  public static final List<String> CONTROLLERS = List.of("job-controller", "garbage-collector-controller",
      "ttl-after-finished-controller", "namespace-controller", "serviceaccount-controller");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private final Deque<ControlPlaneProcess> processes = new ArrayDeque<>();
  private final Path stateDir;
  private final Consumer<String> console;
  private int apiPort;
  private String caPem;
  private ControlPlaneCredentials credentials;
  private Path kubeconfig;

  private ControlPlane(Path stateDir, Consumer<String> console) {
    this.stateDir = stateDir.toAbsolutePath();
    this.console = console;
  }

  /**
   * Starts etcd, kube-apiserver and kube-controller-manager from {@code binaries} on free loopback ports, with
   * their state under {@code stateDir}, and returns once the API server is ready and the controllers run.
   */
  public static ControlPlane start(ControlPlaneBinaries binaries, Path stateDir, Consumer<String> console) {
    var plane = new ControlPlane(stateDir, console);
    try {
      plane.startAll(binaries);
      return plane;
    } catch (RuntimeException e) {
      plane.close();
      throw e;
    }
  }

  private void startAll(ControlPlaneBinaries binaries) {
    long started = System.nanoTime();
    createDirectories(stateDir);
    Path logs = createDirectories(stateDir.resolve("logs"));
    credentials = ControlPlaneCredentials.create(stateDir.resolve("auth"));

    int etcdPort = LoopbackPorts.free();
    int peerPort = LoopbackPorts.free();
    String etcdUrl = "http://127.0.0.1:" + etcdPort;
    var etcd = keep(ControlPlaneProcess.start("etcd", List.of(binaries.etcd().toString(),
        "--name", "manim-video",
        "--data-dir", stateDir.resolve("etcd").toString(),
        "--listen-client-urls", etcdUrl, "--advertise-client-urls", etcdUrl,
        "--listen-peer-urls", "http://127.0.0.1:" + peerPort,
        "--initial-advertise-peer-urls", "http://127.0.0.1:" + peerPort,
        "--initial-cluster", "manim-video=http://127.0.0.1:" + peerPort,
        // a local, throw-away store: losing the last writes on a power cut is fine, waiting for fsync is not
        "--unsafe-no-fsync",
        "--log-level", "warn"), logs.resolve("etcd.log")));
    awaitHttp(etcd, HttpClient.newHttpClient(), URI.create(etcdUrl + "/health"));

    apiPort = LoopbackPorts.free();
    Path certDir = createDirectories(stateDir.resolve("pki"));
    var apiServer = keep(ControlPlaneProcess.start("kube-apiserver", List.of(binaries.apiServer().toString(),
        "--etcd-servers", etcdUrl,
        "--bind-address", "127.0.0.1", "--secure-port", String.valueOf(apiPort),
        "--advertise-address", "127.0.0.1",
        "--cert-dir", certDir.toString(),
        "--token-auth-file", credentials.tokenFile().toString(),
        "--authorization-mode", "RBAC",
        "--service-account-issuer", "https://kubernetes.default.svc.cluster.local",
        "--service-account-key-file", credentials.serviceAccountPublicKey().toString(),
        "--service-account-signing-key-file", credentials.serviceAccountKey().toString(),
        "--service-cluster-ip-range", SERVICE_CLUSTER_IP_RANGE,
        // the default reconciler rejects a loopback address for the kubernetes Service's endpoints
        "--endpoint-reconciler-type", "none",
        // kubectl logs: the node agent serves the kubelet's log endpoint on the InternalIP of its Node; without
        // --kubelet-certificate-authority the API server does not verify the kubelet's serving certificate
        "--kubelet-preferred-address-types", "InternalIP",
        "--profiling=false"), logs.resolve("kube-apiserver.log")));
    Path servingCert = certDir.resolve("apiserver.crt");
    awaitFile(apiServer, servingCert);
    caPem = readString(servingCert);
    awaitHttp(apiServer, trustingClient(caPem), URI.create(url() + "/readyz"));

    kubeconfig = writeKubeconfig(stateDir.resolve("kubeconfig"), "default");
    var controllerManager = keep(ControlPlaneProcess.start("kube-controller-manager", List.of(
        binaries.controllerManager().toString(),
        "--kubeconfig", kubeconfig.toString(),
        "--controllers", String.join(",", CONTROLLERS),
        "--leader-elect=false",
        "--secure-port", "0",
        "--profiling=false"), logs.resolve("kube-controller-manager.log")));
    awaitDefaultServiceAccount(controllerManager);
    console.accept(String.format(Locale.ROOT, "control plane ready in %.1f s: %s (state in %s)",
        (System.nanoTime() - started) / 1e9, url(), stateDir));
  }

  /** {@code https://127.0.0.1:<port>}. */
  public String url() {
    return "https://127.0.0.1:" + apiPort;
  }

  /** The API server's port on 127.0.0.1. */
  public int port() {
    return apiPort;
  }

  public Path stateDir() {
    return stateDir;
  }

  /** The admin's kubeconfig (namespace {@code default}), for kubectl and other clients. */
  public Path kubeconfig() {
    return kubeconfig;
  }

  /** The PEM the API server's serving certificate chains to. */
  public String caCertificate() {
    return caPem;
  }

  /** The bearer token of the admin (group {@code system:masters}). */
  public String adminToken() {
    return credentials.adminToken();
  }

  /** Where each process writes its output: {@code <state>/logs/<name>.log}. */
  public Path logDir() {
    return stateDir.resolve("logs");
  }

  /** Client configuration of the admin in {@code namespace}. */
  public Config config(String namespace) {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(url())
        .withCaCertData(base64(caPem))
        .withOauthToken(credentials.adminToken())
        .withNamespace(namespace)
        .withHttp2Disable(true) // as for the readiness probe: the JDK's HTTP/2 client and GOAWAY do not mix
        .build();
  }

  /** A new admin client in namespace {@code default}; the caller closes it. */
  public KubernetesClient client() {
    return client("default");
  }

  /** A new admin client in {@code namespace}; the caller closes it. */
  public KubernetesClient client(String namespace) {
    return new KubernetesClientBuilder().withConfig(config(namespace)).build();
  }

  /** Creates a namespace named after {@code hint} plus a random suffix (one per test class isolates tests). */
  public String createNamespace(String hint) {
    String base = hint.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("^-+|-+$", "");
    String name = (base.length() > 50 ? base.substring(0, 50) : base) + "-"
        + UUID.randomUUID().toString().substring(0, 8);
    try (var client = client()) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
          .create();
    }
    return name;
  }

  /** Writes a kubeconfig of the admin with {@code namespace} as the default namespace. */
  public Path writeKubeconfig(Path file, String namespace) {
    String text = """
        apiVersion: v1
        kind: Config
        clusters:
        - name: manim-video
          cluster:
            server: %s
            certificate-authority-data: %s
        users:
        - name: %s
          user:
            token: %s
        contexts:
        - name: manim-video
          context:
            cluster: manim-video
            user: %s
            namespace: %s
        current-context: manim-video
        """.formatted(url(), base64(caPem), ControlPlaneCredentials.ADMIN_USER, credentials.adminToken(),
        ControlPlaneCredentials.ADMIN_USER, namespace);
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      return ControlPlaneCredentials.privateFile(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ControlPlaneProcess keep(ControlPlaneProcess process) {
    processes.push(process);
    return process;
  }

  /** The service-account controller makes {@code default} in each namespace; Pods are refused until it has. */
  private void awaitDefaultServiceAccount(ControlPlaneProcess controllerManager) {
    try (var client = client()) {
      long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
      while (client.serviceAccounts().inNamespace("default").withName("default").get() == null) {
        controllerManager.checkAlive();
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("kube-controller-manager made no default ServiceAccount within "
              + START_TIMEOUT.toSeconds() + " s; last lines of its log:\n" + controllerManager.tail());
        }
        sleep(100);
      }
    }
  }

  private static void awaitHttp(ControlPlaneProcess process, HttpClient http, URI uri) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      process.checkAlive();
      try {
        var response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
        last = response.statusCode() + " " + response.body();
      } catch (IOException e) {
        last = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting " + process.name(), e);
      }
      sleep(100);
    }
    throw new IllegalStateException(process.name() + " not ready within " + START_TIMEOUT.toSeconds() + " s ("
        + uri + ": " + last + "); last lines of " + process.log() + ":\n" + process.tail());
  }

  private static void awaitFile(ControlPlaneProcess process, Path file) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!Files.isRegularFile(file) || sizeOf(file) == 0) {
      process.checkAlive();
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(process.name() + " wrote no " + file + " within "
            + START_TIMEOUT.toSeconds() + " s");
      }
      sleep(50);
    }
    sleep(100); // the certificate and key are written one after the other
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  /** An HTTP client that trusts only the certificates in {@code pem}. */
  static HttpClient trustingClient(String pem) {
    try {
      var store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (var cert : CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
        store.setCertificateEntry("ca-" + i++, cert);
      }
      var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      var tls = SSLContext.getInstance("TLS");
      tls.init(null, trust.getTrustManagers(), null);
      // HTTP/1.1: the JDK's HTTP/2 client fails every later request on a connection the server sent GOAWAY on
      return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls)
          .connectTimeout(Duration.ofSeconds(5)).build();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot read the API server's certificate", e);
    }
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
  }

  private static String readString(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path createDirectories(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Stops kube-controller-manager, kube-apiserver and etcd, in that order. */
  @Override
  public void close() {
    while (!processes.isEmpty()) {
      processes.pop().close();
    }
  }
}
