package io.manimvideo.ingress.testsupport;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Only for tests that take the API server away under the ingress (an outage a shared real server cannot
 * stage without disturbing every other test in the JVM); everything else uses {@link KubernetesApi}.
 * The fabric8 KubernetesMockServer in CRUD mode with the VideoJob CRD from
 * {@code crds/videojobs.manimvideo.io-v1.yml}, on a free loopback port. It runs in a process of its own
 * ({@code src/test/apiserver/MockApiServer.java}, classpath resolved by the build into
 * {@code target/apiserver.classpath}): fabric8 7.5's mock server is built on Vert.x 4 and cannot serve
 * watches next to the ingress' Vert.x 5. It runs no controllers.
 */
public final class MockKubernetesApi implements KubernetesEndpoint {
    private static final String NAMESPACE = "videos";

    private final Process process;
    private final int port;
    private final KubernetesClient adminClient;

    public MockKubernetesApi() throws IOException {
        Path moduleDir = moduleDir();
        Path classpath = moduleDir.resolve("target/apiserver.classpath");
        if (!Files.exists(classpath)) {
            throw new IllegalStateException(classpath + " is missing: run the build (generate-test-resources) first");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(
                        java,
                        "-Xmx256m",
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        Files.readString(classpath).trim(),
                        moduleDir
                                .resolve("src/test/apiserver/MockApiServer.java")
                                .toString(),
                        moduleDir
                                .getParent()
                                .resolve("crds/videojobs.manimvideo.io-v1.yml")
                                .toString())
                .redirectError(moduleDir.resolve("target/apiserver.log").toFile())
                .start();
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        Integer found = null;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("PORT ")) {
                found = Integer.parseInt(line.substring(5).trim());
                break;
            }
        }
        if (found == null) {
            process.destroyForcibly();
            throw new IOException("mock API server did not start; see target/apiserver.log");
        }
        port = found;
        Thread drain = new Thread(
                () -> {
                    try {
                        out.transferTo(Writer.nullWriter());
                    } catch (IOException ignored) {
                        // process ended
                    }
                },
                "apiserver-stdout");
        drain.setDaemon(true);
        drain.start();
        adminClient = newClient();
    }

    @Override
    public KubernetesClient client() {
        return adminClient;
    }

    @Override
    public KubernetesClient newClient() {
        return new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder()
                        .withMasterUrl(url())
                        .withTrustCerts(true)
                        .withNamespace(NAMESPACE)
                        .withRequestRetryBackoffLimit(0)
                        .build())
                .build();
    }

    @Override
    public String namespace() {
        return NAMESPACE;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        adminClient.close();
        try {
            process.getOutputStream().close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (IOException | InterruptedException e) {
            process.destroyForcibly();
        }
    }

    private static Path moduleDir() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("src/test/apiserver/MockApiServer.java"))) {
                return dir;
            }
            if (Files.exists(dir.resolve("ingress-api/src/test/apiserver/MockApiServer.java"))) {
                return dir.resolve("ingress-api");
            }
        }
        throw new IllegalStateException(
                "ingress-api module not found above " + Path.of("").toAbsolutePath());
    }
}
