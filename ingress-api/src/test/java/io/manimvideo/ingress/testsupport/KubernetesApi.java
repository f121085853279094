package io.manimvideo.ingress.testsupport;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;

/**
 * The fabric8 KubernetesMockServer in CRUD mode on a loopback port, with the VideoJob CRD from
 * {@code crds/videojobs.manimvideo.io-v1.yml} installed. It runs no controllers.
 */
public final class KubernetesApi implements AutoCloseable {
  private final KubernetesMockServer server;
  private final NamespacedKubernetesClient adminClient;

  public KubernetesApi() throws IOException {
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(),
        false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    adminClient = server.createClient();
    try (InputStream crd = new FileInputStream(crdFile().toFile())) {
      adminClient.apiextensions().v1().customResourceDefinitions()
          .resource(adminClient.getKubernetesSerialization().unmarshal(crd, CustomResourceDefinition.class)).create();
    }
  }

  /** A client for the test's own reads and writes (the service under test gets its own: {@link #newClient()}). */
  public NamespacedKubernetesClient client() {
    return adminClient;
  }

  public NamespacedKubernetesClient newClient() {
    return server.createClient();
  }

  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    adminClient.close();
    server.destroy();
  }

  private static Path crdFile() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("crds/videojobs.manimvideo.io-v1.yml");
      if (Files.exists(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("crds/videojobs.manimvideo.io-v1.yml not found above " + Path.of("").toAbsolutePath());
  }
}
