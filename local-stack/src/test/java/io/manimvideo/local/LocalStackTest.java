package io.manimvideo.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.manimvideo.local.node.HostState;
import io.manimvideo.local.node.PodNetwork;
import io.manimvideo.localinfra.storage.S3Store;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster parts started together, used through the kubeconfig the stack writes, and stopped. */
@Tag("controlplane")
class LocalStackTest {
    @TempDir
    Path dir;

    @Test
    void startsTheClusterPartsAndStopsThemFreeingTheirPorts() throws Exception {
        Path project = Path.of(System.getProperty("manimvideo.project.dir", ".."))
                .toAbsolutePath()
                .normalize();
        var settings = new LocalStackSettings(project, dir.resolve(".local"), 0, false, 2);
        // the render pods' user namespaces pass through it (LocalNode checks)
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        HostState before = HostState.read(dir);
        List<String> console = Collections.synchronizedList(new ArrayList<>());
        int apiPort;
        int redisPort;
        long redisPid;
        int s3Port;
        try (var stack = LocalStack.start(settings, Map.of("GROQ_API_KEY", "gsk_local"), console::add)) {
            apiPort = stack.controlPlane().port();
            redisPort = stack.redis().port();
            redisPid = stack.redis().pid();
            s3Port = stack.s3().port();
            assertThat(stack.kubeconfig()).isEqualTo(dir.resolve(".local/kubeconfig"));

            var kubectl = new ProcessBuilder(
                            "kubectl",
                            "--kubeconfig",
                            stack.kubeconfig().toString(),
                            "--cache-dir",
                            dir.resolve("kube-cache").toString(),
                            "get",
                            "secret",
                            "manim-video-ai",
                            "-o",
                            "jsonpath={.data.CODEGEN_GROQ_API_KEY}")
                    .start();
            String out = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(kubectl.waitFor()).isZero();
            assertThat(new String(Base64.getDecoder().decode(out), StandardCharsets.UTF_8))
                    .isEqualTo("gsk_local");
            assertThat(stack.client().getKubernetesVersion().getGitVersion()).startsWith("v1.37.");
            assertThat(stack.client().nodes().withName(LocalStack.NODE_NAME).get())
                    .isNotNull();
            assertThat(stack.client()
                            .apiextensions()
                            .v1()
                            .customResourceDefinitions()
                            .withName("videojobs.manimvideo.io")
                            .get())
                    .isNotNull();

            assertThat(stack.redis().command("PING")).isEqualTo("+PONG");
            assertThat(stack.providers().names()).containsExactly("groq");
            // the chart's Deployments, from the project's images, on the node
            assertThat(List.copyOf(console))
                    .anySatisfy(l -> assertThat(l).contains("chart").contains("installed"));
            for (String component : List.of("operator", "ingress")) {
                var deployment = stack.client()
                        .apps()
                        .deployments()
                        .withName(stack.deployment(component))
                        .get();
                assertThat(deployment.getStatus().getAvailableReplicas())
                        .as(component)
                        .isEqualTo(1);
            }
            var healthz = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(
                                            java.net.URI.create(stack.webUrl().orElseThrow() + "healthz"))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.discarding());
            assertThat(healthz.statusCode())
                    .as("the web page's node port on 127.0.0.1")
                    .isEqualTo(200);
            assertThat(stack.s3().endpoint()).isEqualTo("http://" + PodNetwork.NODE_ADDRESS + ":" + s3Port);
            assertThat(S3Store.ACCESS_KEY).isNotBlank();
        }
        assertThat(ProcessHandle.of(redisPid).map(ProcessHandle::isAlive).orElse(false))
                .isFalse();
        for (int port : List.of(apiPort, redisPort, s3Port)) {
            assertThat(canBind(port)).as("port %d is free again", port).isTrue();
        }
        assertThat(HostState.read(dir)).as("what the node leaves on the host").isEqualTo(before.afterTheNode());
    }

    private static boolean canBind(int port) {
        try (var socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
