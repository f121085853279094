package io.manimvideo.local.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import io.manimvideo.testsupport.Directories;
import io.manimvideo.testsupport.controlplane.ControlPlane;
import io.manimvideo.testsupport.controlplane.SharedControlPlane;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
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

    static String log(String jobName) {
        return client.pods()
                .withName(pods(jobName).get(0).getMetadata().getName())
                .getLog();
    }

    static boolean agentIsRoot() throws Exception {
        return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
    }

    /** A job whose container runs {@code script} as uid/gid 10001, as the operator's render pods do. */
    static Job asUser10001(String name, String script, UnaryOperator<PodSpecBuilder> more) {
        return job(
                name,
                0,
                null,
                spec -> more.apply(spec.withNewSecurityContext()
                        .withRunAsUser(10001L)
                        .withRunAsGroup(10001L)
                        .withRunAsNonRoot(true)
                        .endSecurityContext()
                        .editFirstContainer()
                        .withCommand("sh", "-c", script)
                        .endContainer()));
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

    @Test
    void asRootAContainersRunAsUserIsARealHostUidWithoutAUserNamespaceThatCanStillMakeOneOfItsOwn() throws Exception {
        assumeTrue(agentIsRoot(), "the agent runs as root");
        String script = """
        echo "ids $(id -u) $(id -g) groups $(id -G)"
        echo map $(cat /proc/self/uid_map)
        grep -E '^(CapEff|CapBnd|NoNewPrivs)' /proc/self/status | tr -s '\t' ' '
        echo in-work > "$MANIMRENDER_WORK_DIR/file" && echo work-written
        echo in-tmp > "$TMPDIR/file" && echo tmp-written
        printf '{"version":1}' > "$MANIMRENDER_RESULT_PATH" && echo result-written
        echo "pods seen: $(ls "$(dirname "$(dirname "$MANIMRENDER_RESULT_PATH")")")"
        echo outside > /tmp/local-node-outside-$$ || echo outside-refused
        bwrap --unshare-all --unshare-user --disable-userns --cap-drop ALL --uid 65534 --gid 65534 \\
          --ro-bind / / --proc /proc --dev /dev --bind "$TMPDIR" "$TMPDIR" \\
          -- sh -c 'echo nested $(id -u); touch "$TMPDIR/nested"'
        echo "nested file's host owner $(stat -c %u "$TMPDIR/nested")"
        """;
        asUser10001(
                "host-uid-1",
                script,
                spec -> spec.editFirstContainer()
                        .withNewSecurityContext()
                        .withReadOnlyRootFilesystem(true)
                        .endSecurityContext()
                        .endContainer());

        awaitCondition("host-uid-1", "Complete");

        String log = log("host-uid-1");
        String pod = pods("host-uid-1").get(0).getMetadata().getName();
        assertThat(log)
                .contains(
                        "ids 10001 10001 groups 10001",
                        "map 0 0 4294967295", // the initial user namespace: no mapping to root anywhere
                        "CapEff: 0000000000000000",
                        "CapBnd: 0000000000000000",
                        "NoNewPrivs: 1",
                        "work-written",
                        "tmp-written",
                        "result-written",
                        "pods seen: " + pod + "\n", // its own pod's directory, no other
                        "outside-refused",
                        // the render package's sandbox: a user namespace of its own, mapped to the container's uid
                        "nested 65534",
                        "nested file's host owner 10001");
        assertThat(pods("host-uid-1")
                        .get(0)
                        .getStatus()
                        .getContainerStatuses()
                        .get(0)
                        .getState()
                        .getTerminated()
                        .getMessage())
                .isEqualTo("{\"version\":1}");
    }

    @Test
    void asRootTheAgentsPrivateHomeShowsItsEntriesWithTheirOwnPermissions() throws Exception {
        assumeTrue(agentIsRoot(), "the agent runs as root");
        Path home = Path.of(System.getProperty("user.home"));
        assumeTrue(
                !Files.getPosixFilePermissions(home)
                        .contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE),
                "the agent's HOME is searchable by its owner only");
        Path mine = Files.createTempDirectory(home, "local-node-test-");
        try {
            Files.setPosixFilePermissions(mine, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path readable = Files.writeString(mine.resolve("readable"), "world-readable content");
            Path secret = Files.writeString(mine.resolve("settings.xml"), "<password>p</password>");
            Files.setPosixFilePermissions(readable, PosixFilePermissions.fromString("rw-r--r--"));
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
            asUser10001(
                    "home-1",
                    "cat " + readable + "; cat " + secret + " || echo secret-refused; "
                            + "touch " + home + "/new || echo home-not-writable; "
                            + "python3 -c 'print(\"python runs\")'",
                    spec -> spec);

            awaitCondition("home-1", "Complete");

            assertThat(log("home-1"))
                    .contains("world-readable content", "secret-refused", "home-not-writable", "python runs")
                    .doesNotContain("<password>");
            assertThat(home.resolve("new")).doesNotExist();
        } finally {
            Directories.deleteTree(mine);
        }
    }

    @Test
    void asRootAContainerOverItsMemoryLimitIsOomKilledByTheKernelInItsCgroup() throws Exception {
        assumeTrue(agentIsRoot(), "the agent runs as root");
        asUser10001(
                "kernel-oom-1",
                "exec python3 -c \"b = b'x' * (400 << 20)\"",
                spec -> spec.editFirstContainer()
                        .withNewResources()
                        .addToLimits("memory", new Quantity("200Mi"))
                        .endResources()
                        .endContainer());

        awaitCondition("kernel-oom-1", "Failed");

        Pod pod = pods("kernel-oom-1").get(0);
        var terminated =
                pod.getStatus().getContainerStatuses().get(0).getState().getTerminated();
        assertThat(terminated.getReason()).isEqualTo("OOMKilled");
        assertThat(terminated.getExitCode()).isEqualTo(137);
        // the kernel killed it, not the node's sampling (which says so on the console)
        List<String> lines;
        synchronized (console) { // the node keeps adding lines
            lines = new ArrayList<>(console);
        }
        assertThat(lines)
                .noneSatisfy(line -> assertThat(line)
                        .startsWith("[" + namespace + "/" + pod.getMetadata().getName() + " main] OOMKilled:"));
    }

    @Test
    void asRootACpuLimitHoldsASpinningProcessToItsQuotaAndTheCgroupGoesWithThePod() throws Exception {
        assumeTrue(agentIsRoot(), "the agent runs as root");
        String spin = """
        import os, time
        pid = os.fork()
        if pid == 0:
            while True:
                pass
        def used():
            fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        time.sleep(0.5)
        t0, c0 = time.monotonic(), used()
        time.sleep(2)
        print("cpu-share %.2f" % ((used() - c0) / (time.monotonic() - t0)))
        os.kill(pid, 9)
        """;
        asUser10001(
                "cpu-limit-1",
                "cat /proc/self/cgroup; exec python3 -c '" + spin + "'",
                spec -> spec.editFirstContainer()
                        .withNewResources()
                        .addToLimits("cpu", new Quantity("500m"))
                        .addToLimits("memory", new Quantity("256Mi"))
                        .endResources()
                        .endContainer());

        awaitCondition("cpu-limit-1", "Complete");

        String log = log("cpu-limit-1");
        var cgroups = Pattern.compile("(?m)^\\d+:(memory|pids|cpu|cpu,cpuacct|):(/.*)$")
                .matcher(log)
                .results()
                .map(m -> Path.of(
                                "/sys/fs/cgroup",
                                m.group(1).isEmpty() ? "" : m.group(1).split(",")[0])
                        .resolve(m.group(2).substring(1)))
                .filter(p -> p.toString().contains("/local-node-"))
                .toList();
        assumeTrue(!cgroups.isEmpty(), "the agent could make a cgroup here");
        var share = Pattern.compile("cpu-share (\\d+\\.\\d+)").matcher(log);
        assertThat(share.find()).as(log).isTrue();
        assertThat(Double.parseDouble(share.group(1))).isLessThanOrEqualTo(0.7);
        assertThat(cgroups).allSatisfy(dir -> assertThat(dir).doesNotExist());
    }
}
