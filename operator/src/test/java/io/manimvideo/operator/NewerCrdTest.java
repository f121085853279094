package io.manimvideo.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.manimvideo.api.FailureReason;
import io.manimvideo.api.Phase;
import io.manimvideo.api.VideoJob;
import io.manimvideo.localinfra.controlplane.VideoJobCrd;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A VideoJob written under a newer CRD than the operator knows (here one with a {@code spec.voice} field): the
 * API server keeps the field, the operator's informer still reads the object, and the job fails with a message
 * that names the field instead of the watch failing on every event.
 */
class NewerCrdTest extends OperatorTestBase {

    @Test
    void aFieldThisVersionDoesNotKnowFailsTheJobWithItsName() {
        try (KubernetesClient admin = envt.controlPlane().client()) {
            CustomResourceDefinition newer = VideoJobCrd.load();
            newer.getSpec()
                    .getVersions()
                    .get(0)
                    .getSchema()
                    .getOpenAPIV3Schema()
                    .getProperties()
                    .get("spec")
                    .getProperties()
                    .put(
                            "voice",
                            new JSONSchemaPropsBuilder().withType("string").build());
            // the newer CRD arrives, then the operator (re)starts: a watch opened before a CRD change may go on
            // serving objects with the old schema's pruning until it reconnects
            envt.stopOperator();
            admin.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .resource(newer)
                    .forceConflicts()
                    .serverSideApply();
            try {
                var withVoice = envt.client()
                        .genericKubernetesResources("manimvideo.io/v1alpha1", "VideoJob")
                        .resource(envt.client()
                                .getKubernetesSerialization()
                                .unmarshal("""
                {"apiVersion":"manimvideo.io/v1alpha1","kind":"VideoJob","metadata":{"name":"web-voice"},
                 "spec":{"submissionType":"problem","platform":"web","sessionId":"3f1c2a9e-8b7d-4c6e-9a1b-2d3e4f5a6b7c",
                         "problemText":"Why is the sky blue at noon?","voice":"calm"}}""", GenericKubernetesResource.class));
                // the API server serves a changed CRD's schema a moment after the change
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> withVoice.dryRun().create().get("spec", "voice") != null);
                envt.startOperator();
                withVoice.create();
                assertThat(get("web-voice").getSpec().unknownFields())
                        .as("the typed client sees the field")
                        .contains("voice");
                VideoJob vj = awaitPhase("web-voice", Phase.FAILED);
                assertThat(vj.getStatus().getLastError().getReason()).isEqualTo(FailureReason.UNSUPPORTED_SPEC);
                assertThat(vj.getStatus().getMessage()).contains("unknown field spec.voice");
                assertThat(vj.getStatus().getActiveJob()).isNull();
                assertThat(envt.client()
                                .batch()
                                .v1()
                                .jobs()
                                .inNamespace(envt.namespace())
                                .list()
                                .getItems())
                        .isEmpty();
                // the informer kept working: a job of this version is still served
                create(io.manimvideo.operator.testing.VideoJobs.problem("web-plain"));
                jobs.awaitJob("web-plain-codegen-1");
            } finally {
                VideoJobCrd.install(admin);
                admin.apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .withName(newer.getMetadata().getName())
                        .waitUntilCondition(
                                c -> !c.getSpec()
                                        .getVersions()
                                        .get(0)
                                        .getSchema()
                                        .getOpenAPIV3Schema()
                                        .getProperties()
                                        .get("spec")
                                        .getProperties()
                                        .containsKey("voice"),
                                30,
                                TimeUnit.SECONDS);
            }
        }
    }
}
