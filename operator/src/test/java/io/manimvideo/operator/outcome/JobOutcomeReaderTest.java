package io.manimvideo.operator.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.manimvideo.api.workload.Outcome;
import io.manimvideo.api.workload.WorkloadResult;
import io.manimvideo.api.workload.WorkloadResultCodec;
import io.manimvideo.operator.outcome.JobOutcome.Verdict;
import io.manimvideo.operator.testing.ApiServerDispatcher;
import io.manimvideo.operator.testing.JobControllerPlayer;
import io.manimvideo.operator.testing.JobControllerPlayer.Ending;
import io.manimvideo.operator.testing.Results;
import io.manimvideo.operator.workload.Workload;
import java.util.HashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Judging finished Jobs by their pods, against the mock API server (no operator running). */
class JobOutcomeReaderTest {
  private KubernetesMockServer server;
  private NamespacedKubernetesClient client;
  private JobControllerPlayer player;
  private JobOutcomeReader reader;
  private int counter;

  @BeforeEach
  void start() {
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new ApiServerDispatcher(),
        false);
    server.init();
    client = server.createClient();
    player = new JobControllerPlayer(client, "videos");
    reader = new JobOutcomeReader(client, new WorkloadResultCodec());
  }

  @AfterEach
  void stop() {
    client.close();
    server.destroy();
  }

  private JobOutcome judge(Workload workload, Ending ending) {
    String name = "vj-" + workload.label() + "-" + (++counter);
    client.batch().v1().jobs().inNamespace("videos").resource(new JobBuilder()
        .withNewMetadata().withName(name).withLabels(workload.labels("vj", counter)).endMetadata()
        .withNewSpec().withActiveDeadlineSeconds(600L).withNewTemplate()
          .withNewMetadata().withLabels(workload.labels("vj", counter)).endMetadata()
          .withNewSpec().addNewContainer().withName(Workload.CONTAINER).withImage("render").endContainer().endSpec()
        .endTemplate().endSpec().build()).create();
    player.end(name, ending);
    Job job = client.batch().v1().jobs().inNamespace("videos").withName(name).get();
    assertThat(JobState.isFinished(job)).isTrue();
    return reader.read(job, workload);
  }

  private static Ending failedWith(String message) {
    return new Ending(false, 1, "Error", message, null, "BackoffLimitExceeded");
  }

  @Test
  void aReportedCodeErrorKeepsItsMessageAndLine() {
    String message = new WorkloadResultCodec().write(Results.failure(WorkloadResult.RENDER, Outcome.RENDER_ERROR,
        "TypeError: unsupported operand", 12));
    JobOutcome outcome = judge(Workload.RENDER, failedWith(message));
    assertThat(outcome.verdict()).isEqualTo(Verdict.CODE_FAILURE);
    assertThat(outcome.reason()).isEqualTo("RenderError");
    assertThat(outcome.message()).isEqualTo("TypeError: unsupported operand");
    assertThat(outcome.line()).isEqualTo(12);
  }

  @Test
  void unknownOutcomesAndUploadErrorsBlameInfrastructure() {
    assertThat(judge(Workload.RENDER, failedWith("{\"version\":1,\"outcome\":\"cosmic_ray\",\"message\":\"?\"}"))
        .verdict()).isEqualTo(Verdict.INFRASTRUCTURE_FAILURE);
    JobOutcome upload = judge(Workload.RENDER, failedWith(new WorkloadResultCodec().write(
        Results.failure(WorkloadResult.RENDER, Outcome.UPLOAD_ERROR, "PUT video: 503", null))));
    assertThat(upload.verdict()).isEqualTo(Verdict.INFRASTRUCTURE_FAILURE);
    assertThat(upload.reason()).isEqualTo("UploadError");
  }

  @Test
  void aRenderPodWithoutItsSandboxBlamesInfrastructure() {
    JobOutcome outcome = judge(Workload.RENDER, failedWith("{\"version\":1,\"workload\":\"render\","
        + "\"outcome\":\"sandbox_unavailable\",\"message\":\"the render sandbox could not be set up\"}"));
    assertThat(outcome.verdict()).isEqualTo(Verdict.INFRASTRUCTURE_FAILURE);
    assertThat(outcome.reason()).isEqualTo("SandboxUnavailable");
    assertThat(JobOutcome.blamesCode(outcome.reason())).isFalse();
  }

  @Test
  void malformedOversizedAndMissingMessagesAreInfrastructure() {
    for (String message : new String[] {"{not json", "[1,2,3]", "{\"message\":\"no outcome\"}", "x".repeat(4097), "",
        null}) {
      JobOutcome outcome = judge(Workload.RENDER, failedWith(message));
      assertThat(outcome.verdict()).as("message %s", message == null ? "null" : message.substring(0,
          Math.min(20, message.length()))).isEqualTo(Verdict.INFRASTRUCTURE_FAILURE);
      assertThat(outcome.message()).contains("render pod ended");
    }
  }

  @Test
  void successReportedByAFailedJobIsNotTrusted() {
    String ok = new WorkloadResultCodec().write(Results.renderOk());
    assertThat(judge(Workload.RENDER, failedWith(ok)).verdict()).isEqualTo(Verdict.INFRASTRUCTURE_FAILURE);
    assertThat(judge(Workload.RENDER, Ending.reported(Results.renderOk(), ok)).verdict())
        .isEqualTo(Verdict.SUCCEEDED);
  }

  @Test
  void memoryKillsBlameTheSceneOnlyInTheRenderPod() {
    Ending oom = new Ending(false, 137, "OOMKilled", null, null, "BackoffLimitExceeded");
    JobOutcome render = judge(Workload.RENDER, oom);
    assertThat(render.verdict()).isEqualTo(Verdict.CODE_FAILURE);
    assertThat(render.reason()).isEqualTo("ResourceLimit");
    assertThat(judge(Workload.CODEGEN, oom).verdict()).isEqualTo(Verdict.INFRASTRUCTURE_FAILURE);
  }

  @Test
  void evictionAndDeadlineAreInfrastructure() {
    JobOutcome evicted = judge(Workload.CODEGEN, new Ending(false, 137, "Error", null, "Evicted",
        "BackoffLimitExceeded"));
    assertThat(evicted.verdict()).isEqualTo(Verdict.INFRASTRUCTURE_FAILURE);
    assertThat(evicted.message()).contains("evicted");
    JobOutcome deadline = judge(Workload.RENDER, new Ending(false, 137, "Error", null, null, "DeadlineExceeded"));
    assertThat(deadline.message()).contains("600 s deadline");
  }
}
