package io.manimvideo.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.manimvideo.api.workload.WorkloadResult;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The sample the all-in-one run submits so that a video appears without typing: a maths problem sent through
 * the ingress's web API as the web page sends it (a session, {@code POST /api/v1/jobs}), then followed through
 * the job's event stream, phase by phase, until it is ready or has failed.
 */
final class SampleJob implements AutoCloseable {
  static final String PROBLEM = "Show why the derivative of x^2 is 2x";
  private static final Set<String> TERMINAL = Set.of("ready", "delivered", "failed", "expired");
  private static final Duration FOLLOW_FOR = Duration.ofHours(1);

  private final String webUrl;
  private final Consumer<String> console;
  private Thread follower;
  private String lastPhase;

  /** @param webUrl the web page's address, without the trailing slash */
  SampleJob(String webUrl, Consumer<String> console) {
    this.webUrl = webUrl;
    this.console = console;
  }

  /** Submits the problem and follows it on a thread of its own; answers the job's id (the VideoJob's name). */
  String submit() throws IOException, InterruptedException {
    var api = new WebApiClient(webUrl);
    String id = WebApiClient.parse(api.submit("problem", PROBLEM)).path("job_id").asText();
    console.accept("submitted the sample problem \"" + PROBLEM + "\" through the web API (POST " + webUrl
        + "/api/v1/jobs) as job " + id + " (follow it: kubectl get vj " + id + " -w)");
    follower = new Thread(() -> follow(api, id), "sample-job");
    follower.setDaemon(true);
    follower.start();
    return id;
  }

  private void follow(WebApiClient api, String id) {
    try {
      api.events(id, FOLLOW_FOR, data -> {
        try {
          return report(id, WebApiClient.parse(data));
        } catch (IOException e) {
          return true; // not a JobStatus: skip it
        }
      });
    } catch (IOException e) {
      console.accept("sample " + id + ": its event stream ended: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Prints the status when its phase changes; false once the phase is terminal. */
  private boolean report(String id, JsonNode status) {
    String phase = status.path("status").asText();
    if (phase.equals(lastPhase)) {
      return true;
    }
    lastPhase = phase;
    String message = status.path("status_message").asText("");
    console.accept("sample " + id + ": " + phase + (message.isEmpty() ? "" : " - " + message));
    if (phase.equals("ready")) {
      String provider = status.path("ai_provider_used").asText("");
      if (status.path("graceful_degradation_used").asBoolean(false)) {
        console.accept("sample " + id + ": no AI provider answered (no key configured?), so the video presents "
            + "the problem without an AI explanation (graceful degradation)");
      } else if (WorkloadResult.OFFLINE_EXPLAINER.equals(provider)) {
        console.accept("sample " + id + ": no AI provider answered (no key configured?), so the offline "
            + "explainer worked the problem out step by step with SymPy (no AI)");
      } else if (!provider.isEmpty()) {
        console.accept("sample " + id + ": code written by " + provider);
      }
      link(id, "video", status.path("video_url").asText(""));
      link(id, "subtitles (WebVTT)", status.path("captions_url").asText(""));
      link(id, "transcript", status.path("transcript_url").asText(""));
    }
    if (phase.equals("failed")) {
      console.accept("sample " + id + ": failed: " + status.path("last_error").path("message").asText(message));
    }
    return !TERMINAL.contains(phase);
  }

  private void link(String id, String what, String url) {
    if (!url.isEmpty()) {
      console.accept("sample " + id + ": " + what + " at " + (url.startsWith("/") ? webUrl + url : url));
    }
  }

  @Override
  public void close() {
    if (follower != null) {
      follower.interrupt();
    }
  }
}
