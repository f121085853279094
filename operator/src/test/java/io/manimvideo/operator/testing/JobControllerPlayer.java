package io.manimvideo.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.manimvideo.api.workload.Outcome;
import io.manimvideo.api.workload.WorkloadResult;
import io.manimvideo.api.workload.WorkloadResultCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The tests' stand-in for what the mock API server does not run: the job controller and kubelet (a Pod
 * per Job, its container's termination message, the Job's status) and the workload's own uploads through
 * the presigned URLs the operator put in the pod's environment.
 */
public final class JobControllerPlayer {
  private final KubernetesClient client;
  private final String namespace;
  private final WorkloadResultCodec codec = new WorkloadResultCodec();
  private final HttpClient http = HttpClient.newHttpClient();

  public JobControllerPlayer(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /** How a pod ended, as the kubelet and job controller would report it. */
  public record Ending(boolean succeeded, int exitCode, String containerReason, String message, String podReason,
      String jobFailureReason) {
    public static Ending reported(WorkloadResult result, String message) {
      boolean ok = result != null && result.outcome() == Outcome.OK;
      return new Ending(ok, ok ? 0 : 1, ok ? "Completed" : "Error", message, null, ok ? null : "BackoffLimitExceeded");
    }
  }

  public Job awaitJob(String name) {
    await().atMost(Duration.ofSeconds(15)).until(() -> job(name) != null);
    return job(name);
  }

  public Job job(String name) {
    return client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
  }

  public String env(Job job, String name) {
    return job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .filter(e -> name.equals(e.getName())).map(EnvVar::getValue).findFirst().orElse(null);
  }

  /** The pod PUTs {@code body} to the presigned URL in its environment variable {@code variable}. */
  public int put(Job job, String variable, String body) throws Exception {
    String url = env(job, variable);
    assertThat(url).as(variable).isNotNull();
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
        .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    return response.statusCode();
  }

  /** The pod GETs the presigned URL in {@code variable}. */
  public HttpResponse<String> get(Job job, String variable) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(env(job, variable))).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The workload wrote {@code result} as its termination message and exited accordingly. */
  public void finish(String jobName, WorkloadResult result) {
    end(jobName, Ending.reported(result, codec.write(result)));
  }

  public void end(String jobName, Ending ending) {
    Job job = awaitJob(jobName);
    Map<String, String> labels = new HashMap<>(job.getSpec().getTemplate().getMetadata().getLabels());
    labels.put("batch.kubernetes.io/job-name", jobName);
    labels.put("job-name", jobName);
    String now = Instant.now().toString();
    Pod pod = new PodBuilder()
        .withNewMetadata().withName(jobName + "-x7k2p").withNamespace(namespace).withLabels(labels)
          .addNewOwnerReference().withApiVersion("batch/v1").withKind("Job").withName(jobName)
            .withUid(job.getMetadata().getUid()).withController(true).endOwnerReference()
        .endMetadata()
        .withSpec(job.getSpec().getTemplate().getSpec())
        .withNewStatus()
          .withPhase(ending.succeeded() ? "Succeeded" : "Failed")
          .withReason(ending.podReason())
          .withContainerStatuses(new ContainerStatusBuilder().withName("workload")
              .withImage(job.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
              .withNewState().withNewTerminated().withExitCode(ending.exitCode())
                .withReason(ending.containerReason()).withMessage(ending.message())
                .withStartedAt(now).withFinishedAt(now).endTerminated().endState()
              .build())
        .endStatus()
        .build();
    Pod created = client.pods().inNamespace(namespace).resource(pod).create();
    if (created.getStatus() == null || created.getStatus().getContainerStatuses().isEmpty()) {
      pod.getMetadata().setResourceVersion(created.getMetadata().getResourceVersion());
      client.pods().inNamespace(namespace).resource(pod).updateStatus();
    }
    client.batch().v1().jobs().inNamespace(namespace).withName(jobName).editStatus(j -> {
      j.setStatus(new io.fabric8.kubernetes.api.model.batch.v1.JobStatus());
      j.getStatus().setStartTime(now);
      if (ending.succeeded()) {
        j.getStatus().setSucceeded(1);
        j.getStatus().setCompletionTime(now);
        j.getStatus().getConditions().add(new JobConditionBuilder().withType("Complete").withStatus("True").build());
      } else {
        j.getStatus().setFailed(1);
        j.getStatus().getConditions().add(new JobConditionBuilder().withType("Failed").withStatus("True")
            .withReason(ending.jobFailureReason()).build());
      }
      return j;
    });
  }

  /** A codegen pod that wrote {@code code} to storage and reports success. */
  public void codegenSucceeds(String jobName, String code) throws Exception {
    codegenSucceeds(jobName, code, Results.codegenOk(code));
  }

  /** A codegen pod that wrote {@code code} to storage and reports {@code result}. */
  public void codegenSucceeds(String jobName, String code, WorkloadResult result) throws Exception {
    Job job = awaitJob(jobName);
    assertThat(put(job, "CODEGEN_CODE_PUT_URL", code)).isEqualTo(200);
    finish(jobName, result);
  }

  /** A codegen pod that reports success (its code upload is not looked at). */
  public void codegenSucceedsQuietly(String jobName) throws Exception {
    codegenSucceeds(jobName, "from manim import *\n");
  }

  /** A render pod that uploaded video, thumbnail, subtitles and transcript, and reports success. */
  public void renderSucceeds(String jobName) throws Exception {
    Job job = awaitJob(jobName);
    assertThat(get(job, "MANIMRENDER_CODE_URL").statusCode()).isEqualTo(200);
    assertThat(put(job, "MANIMRENDER_VIDEO_PUT_URL", "fake mp4 bytes")).isEqualTo(200);
    assertThat(put(job, "MANIMRENDER_THUMBNAIL_PUT_URL", "fake png bytes")).isEqualTo(200);
    assertThat(put(job, "MANIMRENDER_CAPTIONS_PUT_URL", "WEBVTT\n\n1\n00:00:00.000 --> 00:00:02.000\nHi\n"))
        .isEqualTo(200);
    assertThat(put(job, "MANIMRENDER_TRANSCRIPT_PUT_URL", "Hi\n")).isEqualTo(200);
    finish(jobName, Results.renderOk());
  }
}
