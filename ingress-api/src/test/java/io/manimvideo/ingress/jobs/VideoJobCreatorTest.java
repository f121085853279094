package io.manimvideo.ingress.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.manimvideo.api.Platform;
import io.manimvideo.api.SubmissionType;
import io.manimvideo.api.VideoJob;
import io.manimvideo.api.VideoJobSpec;
import io.manimvideo.ingress.http.DependencyUnavailableException;
import io.manimvideo.ingress.testsupport.KubernetesApi;
import io.manimvideo.localinfra.controlplane.SharedControlPlane;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The non-blocking create path against the real API server, checked with fabric8 (what the operator sees). */
class VideoJobCreatorTest {
    private KubernetesApi api;
    private Vertx vertx;

    @BeforeEach
    void start() {
        api = new KubernetesApi();
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
        api.close();
    }

    @Test
    void createsTheJobAndAnswersARedeliveryWithTheSameOne() throws Exception {
        VideoJobCreator creator = VideoJobCreator.create(vertx, api.client(), api.namespace());
        VideoJob job = job("tg-101", "Show why the derivative of x^2 is 2x");

        SubmittedJob first = await(creator.create(job));
        SubmittedJob again = await(creator.create(job("tg-101", "Show why the derivative of x^2 is 2x")));

        VideoJob stored = api.client()
                .resources(VideoJob.class)
                .inNamespace(api.namespace())
                .withName("tg-101")
                .get();
        assertThat(first.created()).isTrue();
        assertThat(first.job().getMetadata().getUid())
                .isEqualTo(stored.getMetadata().getUid());
        assertThat(stored.getSpec().getProblemText()).isEqualTo("Show why the derivative of x^2 is 2x");
        assertThat(stored.getSpec().getOptions().getQuality())
                .isEqualTo(job.getSpec().getOptions().getQuality());
        assertThat(stored.getMetadata().getLabels()).containsEntry(JobLabels.PLATFORM, "telegram");
        assertThat(again.created()).isFalse();
        assertThat(again.job().getMetadata().getUid())
                .isEqualTo(stored.getMetadata().getUid());
        assertThat(api.client()
                        .resources(VideoJob.class)
                        .inNamespace(api.namespace())
                        .list()
                        .getItems())
                .hasSize(1);
    }

    @Test
    void whatTheApiServerRejectsKeepsItsStatusAndIsNotAnOutage() {
        VideoJobCreator creator = VideoJobCreator.create(vertx, api.client(), api.namespace());
        VideoJob job = job("tg-102", "Integrate x from 0 to 1");
        job.getSpec().setLanguage("not a language tag");

        assertThatThrownBy(() -> await(creator.create(job)))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getStatus().getReason()).isEqualTo("Invalid");
                    assertThat(e.getMessage()).contains("language");
                });
    }

    @Test
    void anApiServerThatDoesNotAnswerIsUnavailable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl("https://127.0.0.1:" + closedPort)
                .withOauthToken("unused")
                .build();
        try (KubernetesClient client =
                new KubernetesClientBuilder().withConfig(config).build()) {
            VideoJobCreator creator = VideoJobCreator.create(vertx, client, api.namespace());

            assertThatThrownBy(() -> await(creator.create(job("tg-103", "Sum of 1..n"))))
                    .isInstanceOf(DependencyUnavailableException.class)
                    .hasMessageContaining("Kubernetes API server");
        }
    }

    @Test
    void aRejectedTokenIsReadAgainFromTheKubeconfigAsFabric8Does(@TempDir Path dir) throws Exception {
        var plane = SharedControlPlane.get();
        Path kubeconfig = plane.writeKubeconfig(dir.resolve("config"), api.namespace());
        String valid = Files.readString(kubeconfig);
        // the client starts with a token the API server no longer accepts (as after a rotation) ...
        Files.writeString(kubeconfig, valid.replace(plane.adminToken(), "rotated-away"));
        try (KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(kubeconfig.toFile()))
                .build()) {
            VideoJobCreator creator = VideoJobCreator.create(vertx, client, api.namespace());
            assertThatThrownBy(() -> await(creator.create(job("tg-104", "Area of a circle"))))
                    .isInstanceOfSatisfying(
                            KubernetesClientException.class,
                            e -> assertThat(e.getCode()).isEqualTo(401));

            // ... and the file now holds the current one: the 401 makes it read again, and the create goes through
            Files.writeString(kubeconfig, valid);
            assertThat(await(creator.create(job("tg-104", "Area of a circle"))).created())
                    .isTrue();
        }
    }

    private VideoJob job(String name, String problem) {
        String session = UUID.randomUUID().toString();
        VideoJobSpec spec = new VideoJobSpec();
        spec.setSubmissionType(SubmissionType.PROBLEM);
        spec.setPlatform(Platform.TELEGRAM);
        spec.setSessionId(session);
        spec.setProblemText(problem);
        spec.setOptions(new io.manimvideo.api.RenderOptions());
        spec.setLanguage("en");
        VideoJob job = new VideoJob();
        job.setMetadata(new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(api.namespace())
                .withLabels(Map.of(JobLabels.SESSION, session, JobLabels.PLATFORM, "telegram"))
                .build());
        job.setSpec(spec);
        return job;
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.await(30, TimeUnit.SECONDS);
    }
}
