package io.manimvideo.local;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.manimvideo.api.Phase;
import io.manimvideo.api.Platform;
import io.manimvideo.api.SubmissionType;
import io.manimvideo.api.VideoJob;
import io.manimvideo.api.VideoJobSpec;
import io.manimvideo.api.workload.WorkloadResult;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The sample the all-in-one run submits so that a video appears without typing: a maths problem, as a
 * person would send it, followed phase by phase until it is Ready or Failed.
 */
final class SampleJob implements AutoCloseable {
  static final String PROBLEM = "Show why the derivative of x^2 is 2x";

  private final KubernetesClient client;
  private final Path objectsDir;
  private final String bucket;
  private final Consumer<String> console;
  private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
    var t = new Thread(r, "sample-job");
    t.setDaemon(true);
    return t;
  });
  private String name;
  private Phase lastPhase;

  SampleJob(KubernetesClient client, Path objectsDir, String bucket, Consumer<String> console) {
    this.client = client;
    this.objectsDir = objectsDir;
    this.bucket = bucket;
    this.console = console;
  }

  String submit() {
    var spec = new VideoJobSpec();
    spec.setSubmissionType(SubmissionType.PROBLEM);
    spec.setPlatform(Platform.WEB);
    // a session of its own (UUID v4, as the CRD requires); no chat or page follows it, this console does
    String session = java.util.UUID.randomUUID().toString();
    spec.setSessionId(session);
    spec.setProblemText(PROBLEM);
    var vj = new VideoJob();
    vj.setMetadata(new ObjectMetaBuilder().withName("sample-" + Instant.now().getEpochSecond())
        .withLabels(Map.of("manimvideo.io/session", session, "manimvideo.io/platform", "web")).build());
    vj.setSpec(spec);
    name = client.resource(vj).create().getMetadata().getName();
    console.accept("submitted the sample problem \"" + PROBLEM + "\" as VideoJob " + name
        + " (follow it: kubectl get vj " + name + " -w)");
    poller.scheduleWithFixedDelay(this::report, 1, 2, TimeUnit.SECONDS);
    return name;
  }

  private void report() {
    VideoJob vj = client.resources(VideoJob.class).withName(name).get();
    if (vj == null || vj.getStatus() == null || vj.getStatus().getPhase() == null) {
      return;
    }
    var status = vj.getStatus();
    if (!Objects.equals(status.getPhase(), lastPhase)) {
      lastPhase = status.getPhase();
      console.accept("sample " + name + ": " + lastPhase + (status.getMessage() == null ? "" : " - " + status.getMessage()));
      if (lastPhase == Phase.READY) {
        if (Boolean.TRUE.equals(status.getGracefulDegradationUsed())) {
          console.accept("sample " + name + ": no AI provider answered (no key configured?), so the video presents "
              + "the problem without an AI explanation (graceful degradation)");
        } else if (WorkloadResult.OFFLINE_EXPLAINER.equals(status.getAiProvider())) {
          console.accept("sample " + name + ": no AI provider answered (no key configured?), so the offline "
              + "explainer worked the problem out step by step with SymPy (no AI)");
        } else if (status.getAiProvider() != null) {
          console.accept("sample " + name + ": code written by " + status.getAiProvider() + " / " + status.getAiModel());
        }
        var video = status.getVideo();
        if (video != null && video.getObjectKey() != null) {
          console.accept("sample " + name + ": video at " + stored(video.getObjectKey()));
        }
        if (video != null && video.getCaptionsKey() != null) {
          console.accept("sample " + name + ": subtitles (WebVTT) at " + stored(video.getCaptionsKey()));
          console.accept("sample " + name + ": transcript at " + stored(video.getTranscriptKey()));
        }
      }
      if (lastPhase == Phase.FAILED && status.getLastError() != null) {
        console.accept("sample " + name + ": failed: " + status.getLastError().getMessage());
      }
      if (lastPhase.isTerminal()) {
        poller.shutdown();
      }
    }
  }

  private Path stored(String key) {
    return objectsDir.resolve(bucket).resolve(key);
  }

  @Override
  public void close() {
    poller.shutdownNow();
  }
}
