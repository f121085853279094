package io.manimvideo.local.kubectl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.manimvideo.api.Phase;
import io.manimvideo.api.Platform;
import io.manimvideo.api.SubmissionType;
import io.manimvideo.api.VideoJob;
import io.manimvideo.api.VideoJobSpec;
import io.manimvideo.api.VideoJobStatus;
import io.manimvideo.localinfra.controlplane.SharedControlPlane;
import io.manimvideo.localinfra.controlplane.VideoJobCrd;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kubectl, the real binary, against the real control plane with the VideoJob CRD: what an admin types. */
@Tag("controlplane")
class KubectlTest {
    static final String SESSION = "5f0c8a9e-1c2d-4e5f-8a9b-0c1d2e3f4a5b";

    @TempDir
    static Path dir;

    static String namespace;
    static KubernetesClient client;
    static Kubectl kubectl;

    @BeforeAll
    static void start() {
        var plane = SharedControlPlane.get();
        namespace = plane.createNamespace("kubectl-test");
        client = plane.client(namespace);
        VideoJobCrd.install(client);
        kubectl = new Kubectl(plane.writeKubeconfig(dir.resolve("kubeconfig"), namespace), dir.resolve("cache"));
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    static VideoJob videoJob(String name, String... finalizers) {
        var spec = new VideoJobSpec();
        spec.setSubmissionType(SubmissionType.DIRECT_CODE);
        spec.setPlatform(Platform.WEB);
        spec.setSessionId(SESSION);
        spec.setManimCode("from manim import *\n");
        var vj = new VideoJob();
        vj.setMetadata(new ObjectMetaBuilder()
                .withName(name)
                .withFinalizers(finalizers)
                .build());
        vj.setSpec(spec);
        return client.resource(vj).create();
    }

    static void setStatus(String name, Phase phase, String readyStatus) {
        var vj = client.resources(VideoJob.class).withName(name).get();
        var status = new VideoJobStatus();
        status.setPhase(phase);
        status.setMessage("Rendering frame 12 of 30");
        status.setAttempts(1);
        status.setProgress(42);
        status.setConditions(List.of(new ConditionBuilder()
                .withType("Ready")
                .withStatus(readyStatus)
                .withReason(phase.name())
                .withMessage("test")
                .withLastTransitionTime("2026-01-01T00:00:00Z")
                .build()));
        vj.setStatus(status);
        client.resource(vj).updateStatus();
    }

    @Test
    void getListsVideoJobsWithPrinterColumns() {
        videoJob("listed");
        setStatus("listed", Phase.RENDERING, "False");

        var result = kubectl.run("get", "vj");

        assertThat(result.exitCode()).as(result.err()).isZero();
        var lines = result.out().lines().toList();
        // the CRD's order, as the local stack installs it
        assertThat(lines.get(0)).matches("NAME\\s+PHASE\\s+TYPE\\s+PLATFORM\\s+ATTEMPTS\\s+PROGRESS\\s+AGE\\s*");
        assertThat(lines)
                .anySatisfy(line -> assertThat(line).contains("listed", "Rendering", "42", "direct_code", "web"));

        var wide = kubectl.run("get", "videojobs.manimvideo.io", "listed", "-o", "wide");
        assertThat(wide.out()).contains("MESSAGE", "Rendering frame 12 of 30");
    }

    @Test
    void getAsYamlAndByCategoryName() {
        videoJob("yaml-one");
        var result = kubectl.run("get", "videojob", "yaml-one", "-o", "jsonpath={.spec.platform}");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("web");
    }

    @Test
    void deleteRemovesVideoJob() {
        videoJob("doomed");

        var result = kubectl.run("delete", "vj", "doomed");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("videojob.manimvideo.io \"doomed\" deleted");
        assertThat(client.resources(VideoJob.class).withName("doomed").get()).isNull();
    }

    @Test
    void deleteOfVideoJobWithFinalizerWaitsUntilTheFinalizerIsRemoved() throws Exception {
        videoJob("finalized", "manimvideo.io/cleanup");

        Process delete = kubectl.start("delete", "vj", "finalized", "--timeout=60s");
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(client.resources(VideoJob.class)
                                .withName("finalized")
                                .get()
                                .getMetadata()
                                .getDeletionTimestamp())
                        .isNotNull());
        assertThat(delete.waitFor(2, TimeUnit.SECONDS))
                .as("kubectl delete waits for the finalizer")
                .isFalse();

        // what the operator does when its cleanup is done
        client.resources(VideoJob.class).withName("finalized").edit(vj -> {
            vj.getMetadata().setFinalizers(List.of());
            return vj;
        });

        var result = Kubectl.await(delete);
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(client.resources(VideoJob.class).withName("finalized").get()).isNull();
    }

    @Test
    void updateCannotTakeBackADeletion() {
        videoJob("sticky", "manimvideo.io/cleanup");
        client.resources(VideoJob.class).withName("sticky").delete();
        var marked = client.resources(VideoJob.class).withName("sticky").get();
        assertThat(marked.getMetadata().getDeletionTimestamp()).isNotNull();

        marked.getMetadata().setDeletionTimestamp(null);
        marked.getMetadata().setLabels(java.util.Map.of("touched", "yes"));
        client.resource(marked).update();

        var after = client.resources(VideoJob.class).withName("sticky").get();
        assertThat(after.getMetadata().getLabels()).containsEntry("touched", "yes");
        assertThat(after.getMetadata().getDeletionTimestamp()).isNotNull();
    }

    @Test
    void waitReturnsWhenReadyConditionIsSet() throws Exception {
        videoJob("awaited");
        setStatus("awaited", Phase.RENDERING, "False");

        Process wait = kubectl.start("wait", "--for=condition=Ready", "vj/awaited", "--timeout=60s");
        assertThat(wait.waitFor(2, TimeUnit.SECONDS))
                .as("still waiting while not Ready")
                .isFalse();
        setStatus("awaited", Phase.READY, "True");

        var result = Kubectl.await(wait);
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("videojob.manimvideo.io/awaited condition met");
    }

    @Test
    void describeShowsStatusAndItsEvents() {
        var vj = videoJob("described");
        setStatus("described", Phase.RENDERING, "False");
        client.v1()
                .events()
                .resource(new EventBuilder()
                        .withNewMetadata()
                        .withName("described.1")
                        .endMetadata()
                        .withNewInvolvedObject()
                        .withKind("VideoJob")
                        .withApiVersion("manimvideo.io/v1alpha1")
                        .withName("described")
                        .withNamespace(namespace)
                        .withUid(vj.getMetadata().getUid())
                        .endInvolvedObject()
                        .withType("Normal")
                        .withReason("RenderStarted")
                        .withMessage("render Job described-render-1 created")
                        .withFirstTimestamp("2026-01-01T00:00:00Z")
                        .withLastTimestamp("2026-01-01T00:00:00Z")
                        .withCount(1)
                        .build())
                .create();
        client.v1()
                .events()
                .resource(new EventBuilder()
                        .withNewMetadata()
                        .withName("other.1")
                        .endMetadata()
                        .withNewInvolvedObject()
                        .withKind("VideoJob")
                        .withName("other")
                        .withNamespace(namespace)
                        .endInvolvedObject()
                        .withType("Normal")
                        .withReason("SomethingElse")
                        .withMessage("not about described")
                        .build())
                .create();

        var result = kubectl.run("describe", "vj", "described");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out())
                .contains(
                        "Name:",
                        "described",
                        "Phase:",
                        "Rendering",
                        "Progress:",
                        "42",
                        "RenderStarted",
                        "render Job described-render-1 created");
        assertThat(result.out()).doesNotContain("SomethingElse");
    }

    @Test
    void apiResourcesListsTheVideoJobShortName() {
        var result = kubectl.run("api-resources", "--api-group=manimvideo.io");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("videojobs", "vj", "manimvideo.io/v1alpha1", "true", "VideoJob");
    }

    @Test
    void authCanIAnswersForTheAdminOfTheLocalCluster() {
        var result = kubectl.run("auth", "can-i", "delete", "videojobs");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().trim()).isEqualTo("yes");

        var rules = kubectl.run("auth", "can-i", "--list");
        assertThat(rules.exitCode()).as(rules.err()).isZero();
        assertThat(rules.out()).contains("*.*");
    }

    @Test
    void applyOfAnInvalidVideoJobIsRejectedWithTheCelMessage() throws Exception {
        var file = dir.resolve("invalid.yaml");
        java.nio.file.Files.writeString(file, """
        apiVersion: manimvideo.io/v1alpha1
        kind: VideoJob
        metadata:
          name: both-texts
        spec:
          submissionType: problem
          platform: web
          sessionId: %s
          problemText: "show why the derivative of x^2 is 2x"
          manimCode: "from manim import *"
        """.formatted(SESSION));

        var result = kubectl.run("apply", "-f", file.toString());

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.err()).contains("submissionType 'problem' needs problemText and no manimCode");
    }

    @Test
    void explainDescribesTheSpec() {
        var result = kubectl.run("explain", "videojob.spec");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("submissionType", "problemText", "manimCode");
    }

    @Test
    void createAndApplyFromAFile() throws Exception {
        var file = dir.resolve("applied.yaml");
        java.nio.file.Files.writeString(file, """
        apiVersion: manimvideo.io/v1alpha1
        kind: VideoJob
        metadata:
          name: from-file
        spec:
          submissionType: direct_code
          platform: web
          sessionId: %s
          manimCode: "from manim import *"
        """.formatted(SESSION));

        var created = kubectl.run("create", "-f", file.toString());
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(client.resources(VideoJob.class)
                        .withName("from-file")
                        .get()
                        .getSpec()
                        .getSessionId())
                .isEqualTo(SESSION);

        java.nio.file.Files.writeString(
                file,
                java.nio.file.Files.readString(file)
                        .replace("name: from-file", "name: from-file\n  labels: {reviewed: \"yes\"}"));
        var applied = kubectl.run("apply", "-f", file.toString());
        assertThat(applied.exitCode()).as(applied.err()).isZero();
        assertThat(client.resources(VideoJob.class)
                        .withName("from-file")
                        .get()
                        .getMetadata()
                        .getLabels())
                .containsEntry("reviewed", "yes");
    }

    @Test
    void getWatchPrintsChangesWithPrinterColumns() throws Exception {
        videoJob("watched");
        Process watch = kubectl.start("get", "vj", "watched", "-w");
        var out = new StringBuffer();
        var reader = new Thread(() -> new java.io.BufferedReader(new java.io.InputStreamReader(watch.getInputStream()))
                .lines()
                .forEach(line -> out.append(line).append('\n')));
        reader.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> out.toString().contains("watched"));
        setStatus("watched", Phase.RENDERING, "False");

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(out.toString()
                                .lines()
                                .filter(l -> l.startsWith("watched"))
                                .toList())
                        .anySatisfy(line -> assertThat(line).contains("Rendering", "42")));
        assertThat(out.toString().lines().filter(l -> l.startsWith("NAME")).count())
                .isEqualTo(1);
        watch.destroy();
    }
}
