package io.manimvideo.localinfra.controlplane;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The certificate the API server presents to the kubelet (for {@code kubectl logs}, {@code exec} and
 * {@code port-forward}) and the CA the kubelet checks it against, made with openssl: a kubelet accepts x509 client
 * certificates or bearer tokens, and the API server can only present a certificate. Its subject is in
 * {@code system:masters}, which the kubelet's webhook authorizer allows everything.
 */
public record KubeletClientCertificate(Path ca, Path certificate, Path key) {
    private static final String DAYS = "30";

    static KubeletClientCertificate create(Path dir) {
        Path caKey = dir.resolve("kubelet-client-ca.key");
        Path ca = dir.resolve("kubelet-client-ca.crt");
        Path key = dir.resolve("apiserver-kubelet-client.key");
        Path request = dir.resolve("apiserver-kubelet-client.csr");
        Path certificate = dir.resolve("apiserver-kubelet-client.crt");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        openssl(List.of(
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                caKey.toString(),
                "-out",
                ca.toString(),
                "-days",
                DAYS,
                "-subj",
                "/CN=manim-video-kubelet-client-ca"));
        openssl(List.of(
                "req",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                key.toString(),
                "-out",
                request.toString(),
                "-subj",
                "/O=system:masters/CN=kube-apiserver-kubelet-client"));
        openssl(List.of(
                "x509",
                "-req",
                "-in",
                request.toString(),
                "-CA",
                ca.toString(),
                "-CAkey",
                caKey.toString(),
                "-CAcreateserial",
                "-out",
                certificate.toString(),
                "-days",
                DAYS));
        return new KubeletClientCertificate(ca, certificate, key);
    }

    private static void openssl(List<String> arguments) {
        var command = new java.util.ArrayList<String>();
        command.add("openssl");
        command.addAll(arguments);
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("openssl " + arguments.get(0) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run openssl (Debian package openssl)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
