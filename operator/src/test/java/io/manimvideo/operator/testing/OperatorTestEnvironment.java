package io.manimvideo.operator.testing;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.manimvideo.operator.VideoJobOperator;
import io.manimvideo.operator.config.OperatorConfig;
import io.manimvideo.operator.storage.ArtifactStore;
import io.manimvideo.testsupport.storage.S3Store;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The real parts a test runs against: the fabric8 mock API server in CRUD mode with the committed CRD,
 * S3Proxy as the bucket, and the operator started in-process through {@link VideoJobOperator} with
 * server-side apply off (as the mock needs) and a clock the test moves.
 */
public final class OperatorTestEnvironment implements AutoCloseable {
  public static final String NAMESPACE = "videos";

  private final KubernetesMockServer server;
  private final NamespacedKubernetesClient client;
  private final MutableClock clock = new MutableClock();
  private final Map<String, String> env = new HashMap<>();
  private final ArtifactStore store;
  private VideoJobOperator operator;
  private PrometheusMeterRegistry registry;

  public OperatorTestEnvironment(S3Store s3, Map<String, String> overrides) throws Exception {
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new ApiServerDispatcher(), false);
    server.init();
    client = server.createClient();
    try (InputStream crd = new FileInputStream(crdFile().toFile())) {
      client.apiextensions().v1().customResourceDefinitions()
          .resource(client.getKubernetesSerialization().unmarshal(crd, CustomResourceDefinition.class)).create();
    }
    env.put("POD_NAMESPACE", NAMESPACE);
    env.put("WATCH_NAMESPACES", NAMESPACE);
    env.put("STORAGE_ENDPOINT", s3.endpoint());
    env.put("STORAGE_BUCKET", "test-" + UUID.randomUUID().toString().substring(0, 8));
    // S3Proxy rejects R2's "auto" as a bucket location constraint; any fixed region keeps presigning local.
    env.put("STORAGE_REGION", "us-east-1");
    env.put("STORAGE_ACCESS_KEY", S3Store.ACCESS_KEY);
    env.put("STORAGE_SECRET_KEY", S3Store.SECRET_KEY);
    env.put("SERVER_SIDE_APPLY", "false");
    env.put("LEADER_ELECTION", "false");
    env.put("PROGRESS_POLL_INTERVAL", "PT0.2S");
    env.put("LIFECYCLE_CHECK_INTERVAL", "PT0.3S");
    env.put("CODEGEN_PROVIDERS", "groq");
    env.put("CODEGEN_GROQ_KIND", "openai");
    env.put("CODEGEN_GROQ_MODEL", "llama-3.3-70b-versatile");
    env.putAll(overrides);
    store = new ArtifactStore(config().storage());
  }

  /** The committed CRD file, from the module or the repository root. */
  public static Path crdFile() {
    for (Path candidate : List.of(Path.of("../crds/videojobs.manimvideo.io-v1.yml"),
        Path.of("crds/videojobs.manimvideo.io-v1.yml"))) {
      if (Files.exists(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("crds/videojobs.manimvideo.io-v1.yml not found");
  }

  public OperatorConfig config() {
    return OperatorConfig.fromEnv(env);
  }

  /** Starts an operator (a new one each call, as after a restart). */
  public VideoJobOperator startOperator() {
    return startOperator("operator-" + UUID.randomUUID().toString().substring(0, 6));
  }

  public VideoJobOperator startOperator(String identity) {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    operator = new VideoJobOperator(client, config(), clock, registry, identity, false);
    operator.start();
    return operator;
  }

  public void stopOperator() {
    if (operator != null) {
      operator.close();
      operator = null;
    }
  }

  /** A further replica with its own registry, e.g. for leader election; the caller closes it. */
  public VideoJobOperator startReplica(String identity, PrometheusMeterRegistry replicaRegistry) {
    VideoJobOperator replica = new VideoJobOperator(client, config(), clock, replicaRegistry, identity, false);
    replica.start();
    return replica;
  }

  public NamespacedKubernetesClient client() {
    return client;
  }

  public MutableClock clock() {
    return clock;
  }

  public ArtifactStore store() {
    return store;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  @Override
  public void close() {
    stopOperator();
    client.close();
    server.destroy();
  }
}
