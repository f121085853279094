package io.manimvideo.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.manimvideo.api.workload.WorkloadResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The sample the all-in-one run submits so that a video appears without typing: a maths problem sent through
 * the ingress's web API as the web page sends it (a session, {@code POST /api/v1/jobs}), then followed through
 * the job's event stream, phase by phase, until it is ready or has failed; the finished video, its subtitles and
 * transcript are then downloaded through the API into the state directory.
 */
final class SampleJob implements AutoCloseable {
    static final String PROBLEM = "Show why the derivative of x^2 is 2x";
    private static final Set<String> TERMINAL = Set.of("ready", "delivered", "failed", "expired");
    private static final Duration FOLLOW_FOR = Duration.ofHours(1);

    private final String webUrl;
    private final Path saveDir;
    private final Consumer<String> console;
    private Thread follower;
    private String lastPhase;

    /**
     * @param webUrl the web page's address, without the trailing slash
     * @param saveDir where the finished video, its subtitles and transcript are saved
     */
    SampleJob(String webUrl, Path saveDir, Consumer<String> console) {
        this.webUrl = webUrl;
        this.saveDir = saveDir;
        this.console = console;
    }

    /** Submits the problem and follows it on a thread of its own; answers the job's id (the VideoJob's name). */
    String submit() throws IOException, InterruptedException {
        var api = new WebApiClient(webUrl);
        String id = WebApiClient.parse(api.submit("problem", PROBLEM))
                .path("job_id")
                .asText();
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
                    return report(api, id, WebApiClient.parse(data));
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
    private boolean report(WebApiClient api, String id, JsonNode status) {
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
            save(api, id, "video", status.path("video_url").asText(""), "video.mp4");
            save(api, id, "subtitles (WebVTT)", status.path("captions_url").asText(""), "captions.vtt");
            save(api, id, "transcript", status.path("transcript_url").asText(""), "transcript.txt");
        }
        if (phase.equals("failed")) {
            console.accept("sample " + id + ": failed: "
                    + status.path("last_error").path("message").asText(message));
        }
        return !TERMINAL.contains(phase);
    }

    /** Downloads a link of the status (it needs the session) and says where the file is. */
    private void save(WebApiClient api, String id, String what, String link, String fileName) {
        if (link.isEmpty()) {
            return;
        }
        try {
            Path file = api.download(
                    link, Files.createDirectories(saveDir.resolve(id)).resolve(fileName));
            console.accept("sample " + id + ": " + what + " at " + file);
        } catch (IOException e) {
            console.accept("sample " + id + ": " + what + " could not be downloaded: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (follower != null) {
            follower.interrupt();
        }
    }
}
