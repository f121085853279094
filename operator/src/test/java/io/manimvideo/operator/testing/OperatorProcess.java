package io.manimvideo.operator.testing;

import io.manimvideo.operator.OperatorMain;
import io.manimvideo.testsupport.storage.S3Store;
import java.io.File;
import java.io.IOException;
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
        List<String> command = new ArrayList<>(List.of(
                System.getProperty("java.home") + "/bin/java",
                "-Xmx" + maxHeap,
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
        // e.g. -Doperator.jvmArgs="-Dorg.slf4j.simpleLogger.log.io.javaoperatorsdk=debug" to follow reconciles
        String extra = System.getProperty("operator.jvmArgs", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), OperatorMain.class.getName()));
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
        return builder.start();
    }
}
