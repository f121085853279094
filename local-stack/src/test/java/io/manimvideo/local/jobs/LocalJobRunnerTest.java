package io.manimvideo.local.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.manimvideo.local.apiserver.LocalApiServer;
import io.manimvideo.local.apiserver.PodLogs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Job runner with real processes against the local API server. */
class LocalJobRunnerTest {
  static final String SHELL_IMAGE = "example.org/local/shell:1.0";

  @TempDir
  static Path dir;
  static PodLogs podLogs = new PodLogs();
  static LocalApiServer server;
  static KubernetesClient client;
  static LocalJobRunner runner;
  static List<String> console = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void start() {
    server = LocalApiServer.start(0, podLogs);
    client = server.client();
    var images = new ImageCommands()
        .with(SHELL_IMAGE, ImageCommands.ImageCommand.asIs(Map.of("FROM_IMAGE", "image-env")));
    runner = new LocalJobRunner(client, images, podLogs, console::add,
        new LocalJobRunner.Settings(dir.resolve("pods"), Duration.ofMillis(100), Duration.ofSeconds(2))).start();
    client.secrets().resource(new SecretBuilder().withNewMetadata().withName("ai-keys").endMetadata()
        .addToStringData("CODEGEN_GROQ_API_KEY", "gsk_test_value").build()).create();
  }

  @AfterAll
  static void stop() {
    runner.close();
    client.close();
    server.close();
  }

  static Job job(String name, String script, Integer backoffLimit, Long deadline, EnvVar... env) {
    return client.batch().v1().jobs().resource(new JobBuilder()
        .withNewMetadata().withName(name).endMetadata()
        .withNewSpec().withBackoffLimit(backoffLimit).withActiveDeadlineSeconds(deadline)
        .withNewTemplate().withNewMetadata().addToLabels("manimvideo.io/workload", "render").endMetadata()
        .withNewSpec().withRestartPolicy("Never").withTerminationGracePeriodSeconds(1L)
        .addNewContainer().withName("main").withImage(SHELL_IMAGE).withCommand("sh", "-c", script)
        .withEnv(env).endContainer()
        .endSpec().endTemplate().endSpec().build()).create();
  }

  static Job awaitCondition(String name, String type) {
    await().atMost(Duration.ofSeconds(30)).until(() -> condition(name, type) != null);
    return client.batch().v1().jobs().withName(name).get();
  }

  static JobCondition condition(String name, String type) {
    Job job = client.batch().v1().jobs().withName(name).get();
    if (job == null || job.getStatus() == null || job.getStatus().getConditions() == null) {
      return null;
    }
    return job.getStatus().getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElse(null);
  }

  static List<Pod> pods(String jobName) {
    return client.pods().withLabel("job-name", jobName).list().getItems();
  }

  static boolean alive(Path pidFile) throws Exception {
    long pid = Long.parseLong(Files.readString(pidFile).trim());
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  @Test
  void successfulJobCompletesWithTerminationMessageEnvAndLogs() {
    String script = """
        echo "hello from $FROM_IMAGE with key ${CODEGEN_GROQ_API_KEY:-none} optional=${OPTIONAL:-unset}"
        [ "$HOME" = "$MANIMRENDER_WORK_DIR" ] && [ -w "$HOME" ] && echo "work dir ok"
        [ "$CODEGEN_RESULT_PATH" = "$MANIMRENDER_RESULT_PATH" ] && echo "result path ok"
        printf '{"version":1,"workload":"render","outcome":"succeeded"}' > "$MANIMRENDER_RESULT_PATH"
        """;
    job("ok-render-1", script, 0, null,
        new EnvVarBuilder().withName("CODEGEN_GROQ_API_KEY").withNewValueFrom().withNewSecretKeyRef()
            .withName("ai-keys").withKey("CODEGEN_GROQ_API_KEY").endSecretKeyRef().endValueFrom().build(),
        new EnvVarBuilder().withName("OPTIONAL").withNewValueFrom().withNewSecretKeyRef()
            .withName("missing").withKey("X").withOptional(true).endSecretKeyRef().endValueFrom().build());

    Job done = awaitCondition("ok-render-1", "Complete");

    assertThat(done.getStatus().getSucceeded()).isEqualTo(1);
    assertThat(done.getStatus().getActive()).isZero();
    assertThat(done.getStatus().getStartTime()).isNotNull();
    assertThat(done.getStatus().getCompletionTime()).isNotNull();
    Pod pod = pods("ok-render-1").get(0);
    assertThat(pod.getMetadata().getLabels()).containsEntry("batch.kubernetes.io/job-name", "ok-render-1")
        .containsEntry("manimvideo.io/workload", "render");
    assertThat(pod.getMetadata().getOwnerReferences().get(0).getUid()).isEqualTo(done.getMetadata().getUid());
    assertThat(pod.getStatus().getPhase()).isEqualTo("Succeeded");
    var terminated = pod.getStatus().getContainerStatuses().get(0).getState().getTerminated();
    assertThat(terminated.getExitCode()).isZero();
    assertThat(terminated.getReason()).isEqualTo("Completed");
    assertThat(terminated.getMessage()).isEqualTo("{\"version\":1,\"workload\":\"render\",\"outcome\":\"succeeded\"}");
    String log = podLogs.read("default", pod.getMetadata().getName()).orElseThrow();
    assertThat(log).contains("hello from image-env with key gsk_test_value optional=unset", "work dir ok",
        "result path ok");
    assertThat(console).anySatisfy(line -> assertThat(line)
        .startsWith("[default/" + pod.getMetadata().getName() + " main] hello from"));
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
    var terminated = pods("bad-render-1").get(0).getStatus().getContainerStatuses().get(0).getState().getTerminated();
    assertThat(terminated.getExitCode()).isEqualTo(3);
    assertThat(terminated.getReason()).isEqualTo("Error");
    assertThat(terminated.getMessage()).hasSize(4096);
  }

  @Test
  void failedPodIsRetriedUpToTheBackoffLimit() {
    Path mark = dir.resolve("tried-once");
    job("retry-1", "if [ -f " + mark + " ]; then exit 0; else touch " + mark + "; exit 1; fi", 2, null);

    Job done = awaitCondition("retry-1", "Complete");

    assertThat(done.getStatus().getFailed()).isEqualTo(1);
    assertThat(done.getStatus().getSucceeded()).isEqualTo(1);
    assertThat(pods("retry-1")).extracting(p -> p.getStatus().getPhase())
        .containsExactlyInAnyOrder("Failed", "Succeeded");
  }

  @Test
  void deadlineKillsTheProcessAndFailsTheJob() throws Exception {
    Path pid = dir.resolve("deadline.pid");
    job("slow-render-1", "echo $$ > " + pid + "; exec sleep 120", 0, 2L);

    awaitCondition("slow-render-1", "Failed");

    assertThat(condition("slow-render-1", "Failed").getReason()).isEqualTo("DeadlineExceeded");
    assertThat(alive(pid)).isFalse();
    Pod pod = pods("slow-render-1").get(0);
    assertThat(pod.getStatus().getReason()).isEqualTo("DeadlineExceeded");
    assertThat(pod.getStatus().getContainerStatuses().get(0).getState().getTerminated().getReason())
        .isEqualTo("DeadlineExceeded");
  }

  @Test
  void deletingTheJobStopsItsProcessAndDeletesItsPods() throws Exception {
    Path pid = dir.resolve("deleted.pid");
    job("cancelled-render-1", "echo $$ > " + pid + "; exec sleep 120", 0, null);
    await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(pid) && !Files.readString(pid).isBlank()
        && pods("cancelled-render-1").stream().anyMatch(p -> "Running".equals(p.getStatus().getPhase())));
    assertThat(alive(pid)).isTrue();

    client.batch().v1().jobs().withName("cancelled-render-1").delete();

    await().atMost(Duration.ofSeconds(15)).until(() -> !alive(pid));
    await().atMost(Duration.ofSeconds(15)).until(() -> pods("cancelled-render-1").isEmpty());
  }

  @Test
  void deletingThePodStopsItsProcess() throws Exception {
    Path pid = dir.resolve("pod-deleted.pid");
    job("pod-deleted-1", "echo $$ > " + pid + "; exec sleep 120", 0, null);
    await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(pid) && !Files.readString(pid).isBlank()
        && pods("pod-deleted-1").stream().anyMatch(p -> "Running".equals(p.getStatus().getPhase())));

    client.pods().withName(pods("pod-deleted-1").get(0).getMetadata().getName()).delete();

    await().atMost(Duration.ofSeconds(15)).until(() -> !alive(pid));
    awaitCondition("pod-deleted-1", "Failed");
  }

  @Test
  void missingRequiredSecretFailsThePodWithCreateContainerConfigError() {
    job("no-secret-1", "exit 0", 0, null, new EnvVarBuilder().withName("KEY").withNewValueFrom()
        .withNewSecretKeyRef().withName("absent").withKey("KEY").endSecretKeyRef().endValueFrom().build());

    awaitCondition("no-secret-1", "Failed");

    var terminated = pods("no-secret-1").get(0).getStatus().getContainerStatuses().get(0).getState().getTerminated();
    assertThat(terminated.getReason()).isEqualTo("CreateContainerConfigError");
    assertThat(terminated.getMessage()).contains("absent");
  }

  @Test
  void imageWithoutLocalCommandFailsThePod() {
    client.batch().v1().jobs().resource(new JobBuilder()
        .withNewMetadata().withName("unknown-image-1").endMetadata()
        .withNewSpec().withBackoffLimit(0).withNewTemplate().withNewSpec().withRestartPolicy("Never")
        .addNewContainer().withName("main").withImage("example.org/nowhere:1").withCommand("true").endContainer()
        .endSpec().endTemplate().endSpec().build()).create();

    awaitCondition("unknown-image-1", "Failed");

    var terminated = pods("unknown-image-1").get(0).getStatus().getContainerStatuses().get(0).getState()
        .getTerminated();
    assertThat(terminated.getReason()).isEqualTo("ErrImagePull");
  }
}
