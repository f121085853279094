package io.manimvideo.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.manimvideo.localinfra.ShutdownSignals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The chart installed as an admin installs it, with Helm itself (helm-java, as {@code helm install --wait}): the
 * values the stack chooses are written to a file beside the kubeconfig (so an admin can read them, or install the
 * chart again with them), and the call returns once the operator's and the ingress's Deployments are available.
 * {@link #upgrade} rolls changed values out as {@code helm upgrade --wait} does, while the release serves.
 */
final class ChartRelease {
    static final String NAME = "manim-video";
    private static final int TIMEOUT_SECONDS = 300;

    private ChartRelease() {}

    static void install(
            Path chart,
            Path kubeconfig,
            String namespace,
            Map<String, Object> values,
            Path valuesFile,
            KubernetesClient client,
            Consumer<String> console) {
        writeValues(values, valuesFile);
        // helm-java's upgrade --install of a release not yet there drops the values file: two commands it is
        run(
                console,
                () -> ClusterDiagnosis.of(client, namespace),
                chart,
                valuesFile,
                () -> new Helm(chart)
                        .install()
                        .withName(NAME)
                        .withNamespace(namespace)
                        .withKubeConfig(kubeconfig)
                        .withValuesFile(valuesFile)
                        .waitReady()
                        .withTimeout(TIMEOUT_SECONDS)
                        .call());
    }

    static void upgrade(
            Path chart,
            Path kubeconfig,
            String namespace,
            Map<String, Object> values,
            Path valuesFile,
            KubernetesClient client,
            Consumer<String> console) {
        writeValues(values, valuesFile);
        run(
                console,
                () -> ClusterDiagnosis.of(client, namespace),
                chart,
                valuesFile,
                () -> new Helm(chart)
                        .upgrade()
                        .withName(NAME)
                        .withNamespace(namespace)
                        .withKubeConfig(kubeconfig)
                        .withValuesFile(valuesFile)
                        .waitReady()
                        .withTimeout(TIMEOUT_SECONDS)
                        .call());
    }

    private static void writeValues(Map<String, Object> values, Path valuesFile) {
        try {
            Files.writeString(valuesFile, new YAMLMapper().writeValueAsString(values), StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs {@code helm}; when it fails (Helm says only "context deadline exceeded" when the pods did not become ready),
     * what the cluster says is wrong ({@link ClusterDiagnosis}) goes to the console and into the error.
     */
    private static void run(
            Consumer<String> console,
            Supplier<List<String>> diagnosis,
            Path chart,
            Path valuesFile,
            Callable<Release> helm) {
        long started = System.nanoTime();
        Release release;
        try {
            release = helm.call();
        } catch (Exception e) {
            List<String> why = diagnosis.get();
            why.forEach(line -> console.accept("helm failed; " + line));
            throw new IllegalStateException(
                    "helm did not finish (" + e.getMessage() + ")"
                            + (why.isEmpty() ? "" : ": " + String.join("; ", why)),
                    e);
        } finally {
            ShutdownSignals.restore(); // Helm's Go runtime has just taken SIGINT and SIGTERM from the JVM
        }
        console.accept(String.format(
                Locale.ROOT,
                "chart %s %s as release %s (revision %s) in %.1f s (values: %s)",
                chart,
                "1".equals(release.getRevision()) ? "installed" : "upgraded",
                NAME,
                release.getRevision(),
                (System.nanoTime() - started) / 1e9,
                valuesFile));
    }
}
