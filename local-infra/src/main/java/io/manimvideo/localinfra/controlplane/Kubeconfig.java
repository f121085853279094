package io.manimvideo.localinfra.controlplane;

import io.manimvideo.localinfra.Directories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A kubeconfig file of a user of the control plane with a bearer token: the admin, or a part of the node. */
final class Kubeconfig {
    private Kubeconfig() {}

    /** Writes it to {@code file}, readable only by its owner, with {@code namespace} as the default namespace. */
    static Path write(Path file, String url, ServingCertificate ca, String user, String token, String namespace) {
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
        """.formatted(url, ca.base64(), user, token, user, namespace);
        try {
            Files.createDirectories(Directories.parentOf(file));
            return ControlPlaneCredentials.privateFile(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
