package io.manimvideo.operator.testing;

import io.manimvideo.localinfra.storage.S3Store;
import io.manimvideo.operator.OperatorMain;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The operator in its own JVM, configured as its Deployment configures it (the benchmark and process tests). */
public final class OperatorProcess {
    private OperatorProcess() {}

    /** Starts {@link OperatorMain} watching {@code namespace}, leader election at its default (on). */
    public static Process start(
            Path kubeconfig, String namespace, String s3Endpoint, int httpPort, String maxHeap, File log)
            throws IOException {
        return start(kubeconfig, namespace, s3Endpoint, httpPort, maxHeap, log, Map.of());
    }

    /** As {@link #start(Path, String, String, int, String, File)}, with further settings ({@code settings}). */
    public static Process start(
            Path kubeconfig,
            String namespace,
            String s3Endpoint,
            int httpPort,
            String maxHeap,
            File log,
            Map<String, String> settings)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(
                System.getProperty("java.home") + "/bin/java",
                "-Xmx" + maxHeap,
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
        // e.g. -Doperator.jvmArgs="-Dorg.slf4j.simpleLogger.log.io.javaoperatorsdk=debug" to follow reconciles
        String extra = System.getProperty("operator.jvmArgs", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        // -Doperator.classpath: another build's operator (bench/bulk-delete-compare.sh runs main's beside this one's)
        command.addAll(List.of(
                "-cp",
                System.getProperty("operator.classpath", System.getProperty("java.class.path")),
                OperatorMain.class.getName()));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log);
        builder.environment()
                .putAll(Map.of(
                        "KUBECONFIG",
                        kubeconfig.toAbsolutePath().toString(),
                        "POD_NAMESPACE",
                        namespace,
                        "STORAGE_ENDPOINT",
                        s3Endpoint,
                        "STORAGE_REGION",
                        "us-east-1",
                        "STORAGE_ACCESS_KEY",
                        S3Store.ACCESS_KEY,
                        "STORAGE_SECRET_KEY",
                        S3Store.SECRET_KEY,
                        "HTTP_PORT",
                        Integer.toString(httpPort)));
        builder.environment().putAll(settings);
        return builder.start();
    }

    /** Waits until the operator on {@code httpPort} answers /readyz (its informers synced, the lease held). */
    public static void awaitReady(int httpPort, File log) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI readyz = URI.create("http://127.0.0.1:" + httpPort + "/readyz");
        for (int i = 0; i < 600; i++) {
            try {
                if (http.send(HttpRequest.newBuilder(readyz).build(), HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // the operator is still starting
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("operator not ready; see " + log);
    }
}
