package io.manimvideo.local.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.manimvideo.testsupport.controlplane.ControlPlane;
import io.manimvideo.testsupport.controlplane.SharedControlPlane;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local node with real processes, under the real Job controller, garbage collector and API server. */
@Tag("controlplane")
class LocalNodeTest {
    static final String SHELL_IMAGE = "example.org/local/shell:1.0";

    @TempDir
    static Path dir;

    static ControlPlane plane;
    static String namespace;
    static KubernetesClient client;
    static LocalNode node;
    static List<String> console = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void start() {
        plane = SharedControlPlane.get();
        namespace = plane.createNamespace("local-node-test");
        client = plane.client(namespace);
        var images = new ImageCommands()
                .with(SHELL_IMAGE, ImageCommands.ImageCommand.asIs(Map.of("FROM_IMAGE", "image-env")));
        node = new LocalNode(
                        client,
                        images,
                        console::add,
                        new LocalNode.Settings("node-" + namespace, Optional.of(namespace), dir.resolve("pods")))
                .start();
        client.secrets()
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("ai-keys")
                        .endMetadata()
                        .addToStringData("CODEGEN_GROQ_API_KEY", "gsk_test_value")
                        .build())
                .create();
    }

    @AfterAll
    static void stop() {
        node.close();
        client.close();
    }

    static Job job(String name, String script, Integer backoffLimit, Long deadline, EnvVar... env) {
        return job(
                name,
                backoffLimit,
                deadline,
                spec -> spec.editFirstContainer()
                        .withCommand("sh", "-c", script)
                        .withEnv(env)
                        .endContainer());
    }

    static Job job(String name, Integer backoffLimit, Long deadline, UnaryOperator<PodSpecBuilder> pod) {
        PodSpec spec = pod.apply(new PodSpecBuilder()
                        .withRestartPolicy("Never")
                        .withTerminationGracePeriodSeconds(1L)
                        .withAutomountServiceAccountToken(false)
                        .addNewContainer()
                        .withName("main")
                        .withImage(SHELL_IMAGE)
                        .endContainer())
                .build();
        return client.batch()
                .v1()
                .jobs()
                .resource(new JobBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .withNewSpec()
                        .withBackoffLimit(backoffLimit)
                        .withActiveDeadlineSeconds(deadline)
                        .withNewTemplate()
                        .withNewMetadata()
                        .addToLabels("manimvideo.io/workload", "render")
                        .endMetadata()
                        .withSpec(spec)
                        .endTemplate()
                        .endSpec()
                        .build())
                .create();
    }

    static Job awaitCondition(String name, String type) {
        await().atMost(Duration.ofSeconds(60)).until(() -> condition(name, type) != null);
        return client.batch().v1().jobs().withName(name).get();
    }

    static JobCondition condition(String name, String type) {
        Job job = client.batch().v1().jobs().withName(name).get();
        if (job == null || job.getStatus() == null || job.getStatus().getConditions() == null) {
            return null;
        }
        return job.getStatus().getConditions().stream()
                .filter(c -> c.getType().equals(type))
                .findFirst()
                .orElse(null);
    }

    static List<Pod> pods(String jobName) {
        return client.pods().withLabel("job-name", jobName).list().getItems();
    }

    static ContainerStateWaiting awaitWaiting(String jobName) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> pods(jobName).stream()
                        .anyMatch(p -> p.getStatus() != null
                                && p.getStatus().getContainerStatuses() != null
                                && !p.getStatus().getContainerStatuses().isEmpty()
                                && p.getStatus()
                                                .getContainerStatuses()
                                                .get(0)
                                                .getState()
                                                .getWaiting()
                                        != null
                                && !"ContainerCreating"
                                        .equals(p.getStatus()
                                                .getContainerStatuses()
                                                .get(0)
                                                .getState()
                                                .getWaiting()
                                                .getReason())));
        return pods(jobName)
                .get(0)
                .getStatus()
                .getContainerStatuses()
                .get(0)
                .getState()
                .getWaiting();
    }

    static boolean alive(Path pidFile) throws Exception {
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Test
    void registersAReadyNodeThatServesTheKubeletLogEndpoint() {
        Node registered = client.nodes().withName(node.nodeName()).get();

        assertThat(registered.getStatus().getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("Ready");
            assertThat(c.getStatus()).isEqualTo("True");
        });
        assertThat(registered.getStatus().getCapacity()).containsKeys("cpu", "memory", "pods");
        assertThat(registered.getStatus().getAddresses()).anySatisfy(a -> {
            assertThat(a.getType()).isEqualTo("InternalIP");
            assertThat(a.getAddress()).isEqualTo("127.0.0.1");
        });
        assertThat(registered
                        .getStatus()
                        .getDaemonEndpoints()
                        .getKubeletEndpoint()
                        .getPort())
                .isPositive();
    }

    @Test
    void successfulJobCompletesWithTerminationMessageEnvAndLogsThroughTheApiServer() {
        String script = """
        echo "hello from $FROM_IMAGE with key ${CODEGEN_GROQ_API_KEY:-none} optional=${OPTIONAL:-unset}"
        [ "$HOME" = "$MANIMRENDER_WORK_DIR" ] && [ -w "$HOME" ] && echo "work dir ok"
        [ "$CODEGEN_RESULT_PATH" = "$MANIMRENDER_RESULT_PATH" ] && echo "result path ok"
        printf '{"version":1,"workload":"render","outcome":"succeeded"}' > "$MANIMRENDER_RESULT_PATH"
        """;
        job(
                "ok-render-1",
                script,
                0,
                null,
                new EnvVarBuilder()
                        .withName("CODEGEN_GROQ_API_KEY")
                        .withNewValueFrom()
                        .withNewSecretKeyRef()
                        .withName("ai-keys")
                        .withKey("CODEGEN_GROQ_API_KEY")
                        .endSecretKeyRef()
                        .endValueFrom()
                        .build(),
                new EnvVarBuilder()
                        .withName("OPTIONAL")
                        .withNewValueFrom()
                        .withNewSecretKeyRef()
                        .withName("missing")
                        .withKey("X")
                        .withOptional(true)
                        .endSecretKeyRef()
                        .endValueFrom()
                        .build());

        Job done = awaitCondition("ok-render-1", "Complete");

        assertThat(done.getStatus().getSucceeded()).isEqualTo(1);
        Pod pod = pods("ok-render-1").get(0);
        assertThat(pod.getSpec().getNodeName()).isEqualTo(node.nodeName());
        assertThat(pod.getMetadata().getLabels())
                .containsEntry("batch.kubernetes.io/job-name", "ok-render-1")
                .containsEntry("manimvideo.io/workload", "render");
        assertThat(pod.getStatus().getPhase()).isEqualTo("Succeeded");
        var terminated =
                pod.getStatus().getContainerStatuses().get(0).getState().getTerminated();
        assertThat(terminated.getExitCode()).isZero();
        assertThat(terminated.getReason()).isEqualTo("Completed");
        assertThat(terminated.getMessage())
                .isEqualTo("{\"version\":1,\"workload\":\"render\",\"outcome\":\"succeeded\"}");
        String log = client.pods().withName(pod.getMetadata().getName()).getLog();
        assertThat(log)
                .contains(
                        "hello from image-env with key gsk_test_value optional=unset", "work dir ok", "result path ok");
        assertThat(client.pods()
                        .withName(pod.getMetadata().getName())
                        .tailingLines(1)
                        .getLog())
                .isEqualTo("result path ok\n");
        assertThat(console)
                .anySatisfy(line -> assertThat(line)
                        .startsWith("[" + namespace + "/" + pod.getMetadata().getName() + " main] hello from"));
    }

    @Test
    void followingTheLogOfARunningContainerStreamsNewLinesUntilItExits() throws Exception {
        Path go = dir.resolve("go-on");
        job("followed-1", "echo first; while [ ! -f " + go + " ]; do sleep 0.1; done; echo second", 0, null);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> pods("followed-1").stream()
                        .anyMatch(p -> "Running".equals(p.getStatus().getPhase())));
        String pod = pods("followed-1").get(0).getMetadata().getName();
        var out = new java.io.ByteArrayOutputStream();

        try (var watch = client.pods().withName(pod).watchLog(out)) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> out.toString(java.nio.charset.StandardCharsets.UTF_8)
                            .contains("first"));
            assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("second");
            Files.writeString(go, "");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> out.toString(java.nio.charset.StandardCharsets.UTF_8)
                            .contains("second"));
        }
    }

    @Test
    void failingJobFailsWithErrorAndATerminationMessageOfAtMost4096Bytes() {
        job("bad-render-1", """
        head -c 6000 /dev/zero | tr '\\0' 'x' > "$MANIMRENDER_RESULT_PATH"
        exit 3
        """, 0, null);

        Job done = awaitCondition("bad-render-1", "Failed");

        assertThat(condition("bad-render-1", "Failed").getReason()).isEqualTo("BackoffLimitExceeded");
        assertThat(done.getStatus().getFailed()).isEqualTo(1);
        var terminated = pods("bad-render-1")
                .get(0)
                .getStatus()
                .getContainerStatuses()
                .get(0)
                .getState()
                .getTerminated();
        assertThat(terminated.getExitCode()).isEqualTo(3);
        assertThat(terminated.getReason()).isEqualTo("Error");
        assertThat(terminated.getMessage()).hasSize(4096);
    }

    @Test
    void jobDeadlineStopsTheProcessAndFailsTheJob() throws Exception {
        Path pid = dir.resolve("deadline.pid");
        job("slow-render-1", "echo $$ > " + pid + "; exec sleep 120", 0, 3L);

        awaitCondition("slow-render-1", "Failed");

        assertThat(condition("slow-render-1", "Failed").getReason()).isEqualTo("DeadlineExceeded");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(pid) && !alive(pid));
    }

    @Test
    void podDeadlineFailsThePodWithDeadlineExceeded() throws Exception {
        Path pid = dir.resolve("pod-deadline.pid");
        job(
                "pod-deadline-1",
                0,
                null,
                spec -> spec.withActiveDeadlineSeconds(2L)
                        .editFirstContainer()
                        .withCommand("sh", "-c", "echo $$ > " + pid + "; exec sleep 120")
                        .endContainer());

        awaitCondition("pod-deadline-1", "Failed");

        Pod pod = pods("pod-deadline-1").get(0);
        assertThat(pod.getStatus().getPhase()).isEqualTo("Failed");
        assertThat(pod.getStatus().getReason()).isEqualTo("DeadlineExceeded");
        assertThat(alive(pid)).isFalse();
    }

    @Test
    void emptyDirOverItsSizeLimitEvictsThePod() {
        job(
                "too-big-1",
                0,
                null,
                spec -> spec.addNewVolume()
                        .withName("work")
                        .withNewEmptyDir()
                        .withSizeLimit(new Quantity("1Mi"))
                        .endEmptyDir()
                        .endVolume()
                        .editFirstContainer()
                        .addNewVolumeMount()
                        .withName("work")
                        .withMountPath("/work")
                        .endVolumeMount()
                        .withCommand(
                                "sh", "-c", "head -c 3000000 /dev/zero > \"$MANIMRENDER_WORK_DIR/big\"; exec sleep 120")
                        .endContainer());

        awaitCondition("too-big-1", "Failed");

        Pod pod = pods("too-big-1").get(0);
        assertThat(pod.getStatus().getReason()).isEqualTo("Evicted");
        assertThat(pod.getStatus().getMessage())
                .contains("Usage of EmptyDir volume \"work\" exceeds the limit \"1Mi\"");
    }

    @Test
    void deletingTheJobStopsItsProcessAndTheGarbageCollectorDeletesItsPods() throws Exception {
        Path pid = dir.resolve("deleted.pid");
        job("cancelled-render-1", "echo $$ > " + pid + "; exec sleep 120", 0, null);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> Files.exists(pid)
                        && !Files.readString(pid).isBlank()
                        && pods("cancelled-render-1").stream()
                                .anyMatch(p -> "Running".equals(p.getStatus().getPhase())));
        assertThat(alive(pid)).isTrue();

        client.batch()
                .v1()
                .jobs()
                .withName("cancelled-render-1")
                .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND)
                .delete();

        await().atMost(Duration.ofSeconds(60)).until(() -> !alive(pid));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> pods("cancelled-render-1").isEmpty());
    }

    @Test
    void missingRequiredSecretKeepsTheContainerWaitingWithCreateContainerConfigError() {
        job(
                "no-secret-1",
                "exit 0",
                0,
                null,
                new EnvVarBuilder()
                        .withName("KEY")
                        .withNewValueFrom()
                        .withNewSecretKeyRef()
                        .withName("absent")
                        .withKey("KEY")
                        .endSecretKeyRef()
                        .endValueFrom()
                        .build());

        var waiting = awaitWaiting("no-secret-1");

        assertThat(waiting.getReason()).isEqualTo("CreateContainerConfigError");
        assertThat(waiting.getMessage()).contains("absent");
        assertThat(pods("no-secret-1").get(0).getStatus().getPhase()).isEqualTo("Pending");
    }

    @Test
    void imageWithoutLocalCommandWaitsWithErrImagePull() {
        job(
                "unknown-image-1",
                0,
                null,
                spec -> spec.editFirstContainer()
                        .withImage("example.org/nowhere:1")
                        .withCommand("true")
                        .endContainer());

        assertThat(awaitWaiting("unknown-image-1").getReason()).isEqualTo("ErrImagePull");
    }

    @Test
    void runAsUserAndRunAsGroupAreTheIdsTheProcessSees() {
        job(
                "run-as-1",
                0,
                null,
                spec -> spec.withNewSecurityContext()
                        .withRunAsUser(1234L)
                        .withRunAsGroup(2345L)
                        .endSecurityContext()
                        .editFirstContainer()
                        .withCommand("sh", "-c", "echo \"ids $(id -u) $(id -g)\"")
                        .endContainer());

        awaitCondition("run-as-1", "Complete");

        assertThat(client.pods()
                        .withName(pods("run-as-1").get(0).getMetadata().getName())
                        .getLog())
                .contains("ids 1234 2345");
    }

    @Test
    void readOnlyRootFilesystemRefusesWritesOutsideTheContainersOwnDirectories() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        job(
                "read-only-1",
                0,
                null,
                spec -> spec.editFirstContainer()
                        .withNewSecurityContext()
                        .withReadOnlyRootFilesystem(true)
                        .endSecurityContext()
                        .withCommand(
                                "sh",
                                "-c",
                                "echo in-work > \"$MANIMRENDER_WORK_DIR/ok\" && echo work-written; "
                                        + "echo in-tmp > \"$TMPDIR/ok\" && echo tmp-written; "
                                        + "echo outside > " + outside.resolve("file") + " || echo outside-refused")
                        .endContainer());

        awaitCondition("read-only-1", "Complete");

        String log = client.pods()
                .withName(pods("read-only-1").get(0).getMetadata().getName())
                .getLog();
        assertThat(log).contains("work-written", "tmp-written", "Read-only file system", "outside-refused");
        assertThat(outside.resolve("file")).doesNotExist();
    }

    @Test
    void containerOverItsMemoryLimitIsOomKilledWithExitCode137() {
        job(
                "memory-hog-1",
                0,
                null,
                spec -> spec.editFirstContainer()
                        .withNewResources()
                        .addToLimits("memory", new Quantity("64Mi"))
                        .endResources()
                        .withCommand("python3", "-c", "import time; b = b'x' * (400 << 20); time.sleep(60)")
                        .endContainer());

        awaitCondition("memory-hog-1", "Failed");

        var terminated = pods("memory-hog-1")
                .get(0)
                .getStatus()
                .getContainerStatuses()
                .get(0)
                .getState()
                .getTerminated();
        assertThat(terminated.getReason()).isEqualTo("OOMKilled");
        assertThat(terminated.getExitCode()).isEqualTo(137);
    }

    @Test
    void runAsNonRootWithUidZeroWaitsWithTheKubeletsCreateContainerConfigError() {
        job(
                "non-root-1",
                0,
                null,
                spec -> spec.withNewSecurityContext()
                        .withRunAsNonRoot(true)
                        .withRunAsUser(0L)
                        .endSecurityContext()
                        .editFirstContainer()
                        .withCommand("true")
                        .endContainer());

        var waiting = awaitWaiting("non-root-1");

        Pod pod = pods("non-root-1").get(0);
        assertThat(waiting.getReason()).isEqualTo("CreateContainerConfigError");
        assertThat(waiting.getMessage())
                .isEqualTo("container's runAsUser breaks non-root policy (pod: \""
                        + pod.getMetadata().getName() + "_" + namespace + "("
                        + pod.getMetadata().getUid() + ")\", container: main)");
    }
}
