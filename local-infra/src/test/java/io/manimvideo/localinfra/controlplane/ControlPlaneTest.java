package io.manimvideo.localinfra.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("controlplane")
class ControlPlaneTest {
    private static ControlPlane plane;
    private static String namespace;
    private static KubernetesClient admin;

    @BeforeAll
    static void start() {
        plane = SharedControlPlane.get();
        namespace = plane.createNamespace(ControlPlaneTest.class.getSimpleName());
        admin = plane.client(namespace);
    }

    @AfterAll
    static void closeClient() {
        admin.close();
    }

    @Test
    void servesTheKubernetesVersionItWasBuiltFrom() {
        assertThat(admin.getKubernetesVersion().getGitVersion()).startsWith("v1.37.");
    }

    @Test
    void enforcesRbacForAServiceAccountWithoutRoles() {
        admin.serviceAccounts()
                .resource(new ServiceAccountBuilder()
                        .withNewMetadata()
                        .withName("nobody")
                        .endMetadata()
                        .build())
                .create();
        String token = admin.serviceAccounts()
                .withName("nobody")
                .tokenRequest(new TokenRequestBuilder()
                        .withNewSpec()
                        .withExpirationSeconds(600L)
                        .endSpec()
                        .build())
                .getStatus()
                .getToken();
        var config =
                new ConfigBuilder(plane.config(namespace)).withOauthToken(token).build();
        try (var nobody = new KubernetesClientBuilder().withConfig(config).build()) {
            assertThatThrownBy(() -> nobody.pods().list())
                    .isInstanceOfSatisfying(
                            KubernetesClientException.class,
                            e -> assertThat(e.getCode()).isEqualTo(403))
                    .hasMessageContaining("system:serviceaccount:" + namespace + ":nobody");
        }
    }

    @Test
    void theJobControllerMakesPodsAndOrphanDeletionKeepsThem() throws Exception {
        Job job = admin.batch()
                .v1()
                .jobs()
                .resource(new JobBuilder()
                        .withNewMetadata()
                        .withName("hello")
                        .endMetadata()
                        .withNewSpec()
                        .withNewTemplate()
                        .withNewSpec()
                        .withRestartPolicy("Never")
                        .withAutomountServiceAccountToken(false)
                        .addNewContainer()
                        .withName("main")
                        .withImage("busybox")
                        .withCommand("true")
                        .endContainer()
                        .endSpec()
                        .endTemplate()
                        .endSpec()
                        .build())
                .create();
        admin.pods()
                .withLabel("job-name", "hello")
                .informOnCondition(pods -> !pods.isEmpty())
                .get(60, TimeUnit.SECONDS);
        var pod = admin.pods().withLabel("job-name", "hello").list().getItems().get(0);
        assertThat(pod.getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(ref ->
                        assertThat(ref.getUid()).isEqualTo(job.getMetadata().getUid()));

        admin.batch()
                .v1()
                .jobs()
                .withName("hello")
                .withPropagationPolicy(DeletionPropagation.ORPHAN)
                .delete();
        admin.pods()
                .withName(pod.getMetadata().getName())
                .waitUntilCondition(
                        p -> p != null && p.getMetadata().getOwnerReferences().isEmpty(), 60, TimeUnit.SECONDS);
        admin.pods().withName(pod.getMetadata().getName()).delete();
    }

    @Test
    void theGarbageCollectorDeletesDependentsOfADeletedOwner() throws Exception {
        admin.batch()
                .v1()
                .jobs()
                .resource(new JobBuilder()
                        .withNewMetadata()
                        .withName("owner")
                        .endMetadata()
                        .withNewSpec()
                        .withNewTemplate()
                        .withNewSpec()
                        .withRestartPolicy("Never")
                        .withAutomountServiceAccountToken(false)
                        .addNewContainer()
                        .withName("main")
                        .withImage("busybox")
                        .withCommand("true")
                        .endContainer()
                        .endSpec()
                        .endTemplate()
                        .endSpec()
                        .build())
                .create();
        admin.pods()
                .withLabel("job-name", "owner")
                .informOnCondition(pods -> !pods.isEmpty())
                .get(60, TimeUnit.SECONDS);

        admin.batch()
                .v1()
                .jobs()
                .withName("owner")
                .withPropagationPolicy(DeletionPropagation.BACKGROUND)
                .delete();
        admin.pods()
                .withLabel("job-name", "owner")
                .informOnCondition(List::isEmpty)
                .get(60, TimeUnit.SECONDS);
        assertThat(admin.pods().withLabel("job-name", "owner").list().getItems())
                .isEmpty();
    }

    @Test
    void installsTheVideoJobCrdWithItsValidationRules() {
        VideoJobCrd.install(admin);
        var vj = """
        apiVersion: manimvideo.io/v1alpha1
        kind: VideoJob
        metadata: {name: both-texts}
        spec:
          submissionType: problem
          platform: web
          sessionId: 5f0c8a9e-1c2d-4e5f-8a9b-0c1d2e3f4a5b
          problemText: "show why the derivative of x^2 is 2x"
          manimCode: "from manim import *"
        """;
        assertThatThrownBy(() -> admin.resource(vj).create())
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> assertThat(e.getCode()).isEqualTo(422))
                .hasMessageContaining("submissionType 'problem' needs problemText and no manimCode");
    }

    @Test
    void saysWhichBinaryIsMissing(@TempDir Path empty) {
        assertThatThrownBy(() -> new ControlPlaneBinaries(empty))
                .hasMessageContaining("control plane binary missing: " + empty.resolve("etcd"))
                .hasMessageContaining(ControlPlaneBinaries.BUILD_SCRIPT);
    }
}
