import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.HashMap;

/**
 * KubernetesMockServer in CRUD mode on a free loopback port with the given CRD files installed. Prints
 * "PORT <n>" on stdout once ready and runs until stdin closes (so it dies with the test JVM that
 * started it). Run with the single-file source launcher: {@code java -cp <classpath> MockApiServer.java crd.yml}.
 */
public class MockApiServer {
  public static void main(String[] args) throws Exception {
    KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new KubernetesCrudDispatcher(), false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    try (NamespacedKubernetesClient client = server.createClient()) {
      for (String crd : args) {
        try (InputStream in = new FileInputStream(crd)) {
          client.apiextensions().v1().customResourceDefinitions()
              .resource(client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class)).create();
        }
      }
    }
    System.out.println("PORT " + server.getPort());
    System.out.flush();
    while (System.in.read() != -1) {
      // wait for the parent to go away
    }
    server.destroy();
    System.exit(0);
  }
}
