package io.manimvideo.testsupport.controlplane;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A kubeconfig file of the control plane's admin (a bearer token in {@code system:masters}). */
final class AdminKubeconfig {
    private AdminKubeconfig() {}

    /** Writes it to {@code file}, readable only by its owner, with {@code namespace} as the default namespace. */
    static Path write(Path file, String url, ServingCertificate ca, String token, String namespace) {
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
        """.formatted(
                        url,
                        ca.base64(),
                        ControlPlaneCredentials.ADMIN_USER,
                        token,
                        ControlPlaneCredentials.ADMIN_USER,
                        namespace);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return ControlPlaneCredentials.privateFile(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
