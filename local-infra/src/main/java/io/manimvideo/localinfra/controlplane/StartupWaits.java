package io.manimvideo.localinfra.controlplane;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.manimvideo.localinfra.SupervisedProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Waiting for a control-plane process to be ready, with a clear error (its exit, or the last lines of its log)
 * when it stops or takes longer than {@link #TIMEOUT}.
 */
final class StartupWaits {
    static final Duration TIMEOUT = Duration.ofSeconds(120);

    private StartupWaits() {}

    /** Until {@code uri} answers 200. */
    static void awaitHttp(SupervisedProcess process, HttpClient http, URI uri) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            process.checkAlive();
            try {
                var response = http.send(
                        HttpRequest.newBuilder(uri)
                                .timeout(Duration.ofSeconds(5))
                                .build(),
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
        throw new IllegalStateException(process.name() + " not ready within " + TIMEOUT.toSeconds() + " s (" + uri
                + ": " + last + "); last lines of " + process.log() + ":\n" + process.tail());
    }

    /** Until {@code file} exists and is not empty. */
    static void awaitFile(SupervisedProcess process, Path file) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!Files.isRegularFile(file) || sizeOf(file) == 0) {
            process.checkAlive();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        process.name() + " wrote no " + file + " within " + TIMEOUT.toSeconds() + " s");
            }
            sleep(50);
        }
        sleep(100); // the certificate and key are written one after the other
    }

    /** The service-account controller makes {@code default} in each namespace; Pods are refused until it has. */
    static void awaitDefaultServiceAccount(SupervisedProcess controllerManager, KubernetesClient client) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (client.serviceAccounts()
                        .inNamespace("default")
                        .withName("default")
                        .get()
                == null) {
            controllerManager.checkAlive();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("kube-controller-manager made no default ServiceAccount within "
                        + TIMEOUT.toSeconds() + " s; last lines of its log:\n" + controllerManager.tail());
            }
            sleep(100);
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
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
}
