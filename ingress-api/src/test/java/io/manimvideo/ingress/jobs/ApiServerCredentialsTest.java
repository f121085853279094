package io.manimvideo.ingress.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which Authorization header the create path sends, and when it reads a token again (as fabric8 does). */
class ApiServerCredentialsTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void aConfiguredTokenIsSentAsItIsHoweverOld() throws Exception {
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl("https://127.0.0.1:6443")
                .withOauthToken("configured-token")
                .build();
        ApiServerCredentials credentials = new ApiServerCredentials(vertx, config, Duration.ZERO);

        assertThat(credentials.current().await(5, TimeUnit.SECONDS)).isEqualTo("Bearer configured-token");
        assertThat(credentials.current().await(5, TimeUnit.SECONDS)).isEqualTo("Bearer configured-token");
        assertThat(credentials.refresh().await(5, TimeUnit.SECONDS)).isEqualTo("Bearer configured-token");
    }

    @Test
    void aTokenFromAKubeconfigIsReadAgainOnceDue(@TempDir Path dir) throws Exception {
        Path kubeconfig = dir.resolve("config");
        Files.writeString(kubeconfig, kubeconfig("first-token"));
        Config config = Config.fromKubeconfig(kubeconfig.toFile());
        ApiServerCredentials credentials = new ApiServerCredentials(vertx, config, Duration.ZERO);
        assertThat(credentials.current().await(5, TimeUnit.SECONDS)).isEqualTo("Bearer first-token");

        // rotated on disk (as the kubelet rotates a projected service account token)
        Files.writeString(kubeconfig, kubeconfig("second-token"));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> "Bearer second-token".equals(credentials.current().await(5, TimeUnit.SECONDS)));
        assertThat(credentials.refresh().await(5, TimeUnit.SECONDS)).isEqualTo("Bearer second-token");
    }

    private static String kubeconfig(String token) {
        return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: c
          cluster:
            server: https://127.0.0.1:6443
        users:
        - name: u
          user:
            token: %s
        contexts:
        - name: c
          context:
            cluster: c
            user: u
        current-context: c
        """.formatted(token);
    }
}
