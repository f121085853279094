package io.manimvideo.local.apiserver;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * The Kubernetes API server of the local stack: the CRUD store of fabric8's KubernetesMockServer
 * ({@link KubernetesCrudDispatcher}) on a loopback port, with the VideoJob CRD registered, discovery, Table
 * output and the rest kubectl needs added ({@link ClusterDispatcher}), served over HTTP and WebSocket
 * ({@link ApiHttpServer}).
 */
public final class LocalApiServer implements AutoCloseable {
  /** The CRD file the crds module generates, copied onto this module's classpath by the build. */
  public static final String VIDEOJOB_CRD_RESOURCE = "crds/videojobs.manimvideo.io-v1.yml";
  private static final String VERSION_INFO = """
      {"major":"1","minor":"32","gitVersion":"v1.32.0-manimvideo-local","gitCommit":"local",\
      "gitTreeState":"clean","buildDate":"2025-01-01T00:00:00Z","goVersion":"java","compiler":"fabric8-mock",\
      "platform":"linux/amd64"}""";

  private final ClusterDispatcher dispatcher;
  private final ApiHttpServer http;
  private final int port;

  private LocalApiServer(ClusterDispatcher dispatcher, ApiHttpServer http, int port) {
    this.dispatcher = dispatcher;
    this.http = http;
    this.port = port;
  }

  /**
   * Starts the server on 127.0.0.1:port (0 = a free port) and registers the VideoJob CRD.
   *
   * @param podLogs where {@code kubectl logs} reads container output from
   */
  public static LocalApiServer start(int port, PodLogs podLogs) {
    var dispatcher = new ClusterDispatcher(new KubernetesCrudDispatcher(List.of()), podLogs, VERSION_INFO,
        Clock.systemUTC());
    var http = new ApiHttpServer(dispatcher);
    int actualPort;
    try {
      actualPort = http.start(port);
    } catch (RuntimeException e) {
      http.close();
      throw e;
    }
    dispatcher.serverAddress("127.0.0.1:" + actualPort);
    var server = new LocalApiServer(dispatcher, http, actualPort);
    try (KubernetesClient client = server.client()) {
      client.apiextensions().v1().customResourceDefinitions().resource(videoJobCrd()).create();
    }
    return server;
  }

  public static CustomResourceDefinition videoJobCrd() {
    try (InputStream in = LocalApiServer.class.getClassLoader().getResourceAsStream(VIDEOJOB_CRD_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(VIDEOJOB_CRD_RESOURCE + " is not on the classpath");
      }
      return Serialization.unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** Client configuration for this server; the token is a placeholder, the server checks none. */
  public Config config(String namespace) {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(url())
        .withNamespace(namespace)
        .withOauthToken(Kubeconfig.TOKEN)
        .withHttp2Disable(true)
        .build();
  }

  /** A new client in namespace {@code default}; the caller closes it. */
  public KubernetesClient client() {
    return new KubernetesClientBuilder().withConfig(config("default")).build();
  }

  /** Writes a kubeconfig for kubectl and any other client. */
  public Path writeKubeconfig(Path file, String namespace) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, Kubeconfig.render(url(), namespace));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  ApiDiscovery discovery() {
    return dispatcher.discovery();
  }

  @Override
  public void close() {
    http.close();
  }
}
