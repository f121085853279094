package io.manimvideo.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.manimvideo.localinfra.controlplane.ControlPlane;
import io.manimvideo.localinfra.controlplane.SharedControlPlane;
import io.manimvideo.localinfra.controlplane.VideoJobCrd;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The committed CRD as a real kube-apiserver enforces it: CEL rules, required fields, enums, patterns, lengths,
 * defaults, pruning of unknown fields, the status subresource, and what kubectl shows. Objects are written as
 * plain JSON (not through the Java types), the way kubectl or a hand-edited manifest reaches the server.
 */
class CrdOnApiServerTest {
    private static final String SESSION = "3f1c2a9e-8b7d-4c6e-9a1b-2d3e4f5a6b7c";
    private static ControlPlane plane;
    private static String namespace;
    private static KubernetesClient client;
    private static int counter;

    @BeforeAll
    static void install() {
        plane = SharedControlPlane.get();
        try (KubernetesClient admin = plane.client()) {
            VideoJobCrd.install(admin);
        }
        namespace = plane.createNamespace("crd");
        client = plane.client(namespace);
    }

    @AfterAll
    static void cleanUp() {
        client.namespaces().withName(namespace).delete();
        client.close();
    }

    private static String name() {
        return "crd-" + (++counter);
    }

    private static GenericKubernetesResource create(String name, String specJson) {
        String json = """
        {"apiVersion":"manimvideo.io/v1alpha1","kind":"VideoJob","metadata":{"name":"%s"},"spec":%s}""".formatted(name, specJson);
        return client.genericKubernetesResources("manimvideo.io/v1alpha1", "VideoJob")
                .resource(client.getKubernetesSerialization().unmarshal(json, GenericKubernetesResource.class))
                .create();
    }

    private static String problemSpec(String extra) {
        return """
        {"submissionType":"problem","platform":"web","sessionId":"%s","problemText":"Why is the sky blue at noon?"%s}""".formatted(SESSION, extra);
    }

    private static String rejection(String specJson) {
        try {
            create(name(), specJson);
        } catch (KubernetesClientException e) {
            assertThat(e.getCode()).isEqualTo(422);
            return e.getMessage();
        }
        throw new AssertionError("the API server accepted " + specJson);
    }

    @Test
    void exactlyOneOfTheTwoTextsMatchingTheType() {
        String message =
                "submissionType 'problem' needs problemText and no manimCode; 'direct_code' needs manimCode and no problemText";
        assertThat(rejection(problemSpec(",\"manimCode\":\"print(1)\""))).contains(message);
        assertThat(rejection("""
        {"submissionType":"direct_code","platform":"web","sessionId":"%s"}""".formatted(SESSION))).contains(message);
        assertThat(rejection("""
        {"submissionType":"problem","platform":"web","sessionId":"%s","manimCode":"print(1)"}""".formatted(SESSION))).contains(message);
        create(name(), """
        {"submissionType":"direct_code","platform":"telegram","sessionId":"%s","manimCode":"print(1)"}""".formatted(SESSION));
    }

    @Test
    void theSpecIsImmutableButLabelsMayChange() {
        String name = name();
        create(name, problemSpec(""));
        var resource = client.genericKubernetesResources("manimvideo.io/v1alpha1", "VideoJob")
                .withName(name);
        assertThatThrownBy(() -> resource.patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"spec\":{\"problemText\":\"Why is the sky red at dusk?\"}}"))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("spec is immutable: delete the VideoJob and create a new one");
                });
        GenericKubernetesResource labelled = resource.patch(
                PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"labels\":{\"manimvideo.io/session\":\"" + SESSION + "\"}}}");
        assertThat(labelled.getMetadata().getLabels()).containsEntry("manimvideo.io/session", SESSION);
    }

    @Test
    void requiredFieldsEnumsPatternsAndLengths() {
        assertThat(rejection("""
        {"submissionType":"problem","sessionId":"%s","problemText":"Why is the sky blue at noon?"}""".formatted(SESSION))).contains("spec.platform: Required value");
        assertThat(rejection(problemSpec("").replace("\"web\"", "\"fax\"")))
                .contains("spec.platform: Unsupported value: \"fax\"");
        assertThat(rejection(problemSpec(",\"options\":{\"quality\":\"8k\"}")))
                .contains("spec.options.quality: Unsupported value: \"8k\"");
        assertThat(rejection(problemSpec("").replace(SESSION, "not-a-uuid")))
                .contains("spec.sessionId in body should match");
        assertThat(rejection(problemSpec(",\"language\":\"english!\""))).contains("spec.language in body should match");
        assertThat(rejection(problemSpec(",\"sceneName\":\"1Scene\""))).contains("spec.sceneName in body should match");
        assertThat(rejection(problemSpec("").replace("Why is the sky blue at noon?", "Why?")))
                .contains("spec.problemText", "at least 10 chars long");
        assertThat(rejection("""
        {"submissionType":"direct_code","platform":"web","sessionId":"%s","manimCode":"%s"}""".formatted(SESSION, "x".repeat(VideoJobSpec.CODE_MAX_BYTES + 1))))
                .contains("spec.manimCode", "may not be more than 51200");
        assertThat(rejection(problemSpec(",\"options\":{\"maxDurationSeconds\":601}")))
                .contains("spec.options.maxDurationSeconds", "less than or equal to 600");
    }

    @Test
    void omittedOptionsGetEveryInnerDefaultAndUnknownFieldsArePruned() {
        GenericKubernetesResource vj = create(name(), problemSpec(",\"voice\":\"calm\""));
        @SuppressWarnings("unchecked")
        Map<String, Object> spec =
                (Map<String, Object>) vj.getAdditionalProperties().get("spec");
        assertThat(spec)
                .containsEntry("options", Map.of("quality", "low", "format", "mp4", "maxDurationSeconds", 60))
                .doesNotContainKey("voice");
        GenericKubernetesResource partial = create(name(), problemSpec(",\"options\":{\"quality\":\"high\"}"));
        assertThat(partial.getAdditionalProperties().get("spec"))
                .asString()
                .contains("quality=high", "format=mp4", "maxDurationSeconds=60");
    }

    @Test
    void statusIsASubresourceWithItsOwnRules() {
        String name = name();
        create(name, problemSpec(""));
        var resource = client.genericKubernetesResources("manimvideo.io/v1alpha1", "VideoJob")
                .withName(name);
        resource.subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"phase\":\"Rendering\",\"progress\":40}}");
        // a write to the main resource leaves status alone
        resource.patch(
                PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"labels\":{\"a\":\"b\"}}," + "\"status\":{\"phase\":\"Ready\",\"progress\":100}}");
        assertThat(resource.get().getAdditionalProperties().get("status"))
                .asString()
                .contains("phase=Rendering", "progress=40");
        assertThatThrownBy(() -> resource.subresource("status")
                        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"progress\":101}}"))
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> assertThat(e.getMessage()).contains("status.progress", "less than or equal to 100"));
        // conditions are a map keyed by type: one condition per type
        assertThatThrownBy(
                        () -> resource.subresource("status")
                                .patch(
                                        PatchContext.of(PatchType.JSON_MERGE),
                                        "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"False\"},{\"type\":\"Ready\",\"status\":\"True\"}]}}"))
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> assertThat(e.getMessage()).contains("status.conditions[1]", "Duplicate value"));
    }

    @Test
    void kubectlExplainsTheSpecAndShowsTheColumnsInOrder() throws Exception {
        String explain = kubectl("explain", "videojob.spec");
        assertThat(explain).contains("KIND:", "VideoJob", "submissionType", "problemText", "Anonymous session");
        String name = name();
        create(name, problemSpec(""));
        assertThat(kubectl("get", "vj", name).lines().findFirst().orElseThrow())
                .matches("NAME\\s+PHASE\\s+TYPE\\s+PLATFORM\\s+ATTEMPTS\\s+PROGRESS\\s+AGE");
        assertThat(kubectl("get", "vj", name, "-o", "wide").lines().findFirst().orElseThrow())
                .matches(
                        "NAME\\s+PHASE\\s+TYPE\\s+PLATFORM\\s+ATTEMPTS\\s+PROGRESS\\s+AGE\\s+QUEUE\\s+PARTS\\s+MESSAGE");
    }

    @Test
    void kubectlSelectsJobsByPhasePlatformAndType() throws Exception {
        String failed = name();
        String rendering = name();
        String fresh = name();
        String selector = "selectors-" + counter;
        create(failed, problemSpec(""));
        create(rendering, """
        {"submissionType":"direct_code","platform":"telegram","sessionId":"%s","manimCode":"print(1)"}""".formatted(SESSION));
        create(fresh, problemSpec(""));
        for (String name : List.of(failed, rendering, fresh)) {
            client.genericKubernetesResources("manimvideo.io/v1alpha1", "VideoJob")
                    .withName(name)
                    .edit(job -> {
                        job.getMetadata().setLabels(Map.of("test", selector));
                        return job;
                    });
        }
        setPhase(failed, "Failed");
        setPhase(rendering, "Rendering");

        assertThat(selected(selector, "status.phase=Failed")).containsExactly(failed);
        assertThat(selected(selector, "spec.platform=telegram")).containsExactly(rendering);
        assertThat(selected(selector, "spec.submissionType=problem,status.phase!=Failed"))
                .containsExactly(fresh);
        // a job the operator has not looked at yet has no status: its phase selects as the empty string
        assertThat(selected(selector, "status.phase=")).containsExactly(fresh);
        assertThat(selected(selector, "status.phase!=,status.phase!=Queued"))
                .containsExactlyInAnyOrder(failed, rendering);
    }

    private static void setPhase(String name, String phase) {
        client.genericKubernetesResources("manimvideo.io/v1alpha1", "VideoJob")
                .withName(name)
                .subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"phase\":\"%s\"}}".formatted(phase));
    }

    private static List<String> selected(String label, String fieldSelector) throws Exception {
        return kubectl("get", "vj", "-l", "test=" + label, "--field-selector", fieldSelector, "-o", "name")
                .lines()
                .map(line -> line.substring(line.indexOf('/') + 1))
                .toList();
    }

    private static String kubectl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(
                List.of("kubectl", "--kubeconfig", plane.kubeconfig().toString(), "-n", namespace));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as("kubectl %s: %s", String.join(" ", args), out)
                .isZero();
        return out;
    }
}
