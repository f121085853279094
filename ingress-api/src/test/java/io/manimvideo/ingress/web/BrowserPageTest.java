package io.manimvideo.ingress.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.manimvideo.api.ErrorInfo;
import io.manimvideo.api.FailureReason;
import io.manimvideo.api.Phase;
import io.manimvideo.api.VideoFacts;
import io.manimvideo.api.VideoJobStatus;
import io.manimvideo.ingress.fakes.S3ProxyStorage;
import io.manimvideo.ingress.testsupport.KubernetesApi;
import io.manimvideo.ingress.testsupport.RedisServerExtension;
import io.manimvideo.ingress.testsupport.TestIngress;
import io.manimvideo.localinfra.redis.RedisServer;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The page in headless Chromium (playwright-core, {@code src/test/browser/page.test.mjs}): a person using
 * only the keyboard submits a problem, watches it move through the phases (this test moves the VideoJob
 * in the API server when the browser reports each step), sees the video with its description, its
 * captions track (loaded from the service) and its transcript, and an
 * axe-core audit finds no WCAG 2.1 AA violations; a second job fails and its error says its reason and line once. The axe output is kept in
 * {@code target/browser-test.log}.
 */
@ExtendWith(RedisServerExtension.class)
class BrowserPageTest {
    private static final Path BROWSER_DIR = Path.of("src/test/browser");

    @Test
    void keyboardOnlySubmissionShowsProgressAndPassesAxeAtWcag21AA(RedisServer redis) throws Exception {
        installNodeModules();
        // both bots switched on (their APIs unreachable: no chat job here) so the page can say where to link
        Map<String, String> bots = Map.ofEntries(
                Map.entry("TELEGRAM_BOT_TOKEN", "123:page-test"),
                Map.entry("TELEGRAM_WEBHOOK_SECRET", "page-test-secret"),
                Map.entry("TELEGRAM_BOT_USERNAME", "ManimVideoBot"),
                Map.entry("TELEGRAM_API_BASE_URL", "http://127.0.0.1:9"),
                Map.entry("WHATSAPP_ACCESS_TOKEN", "page-test"),
                Map.entry("WHATSAPP_APP_SECRET", "page-test"),
                Map.entry("WHATSAPP_VERIFY_TOKEN", "page-test"),
                Map.entry("WHATSAPP_PHONE_NUMBER_ID", "106540352242922"),
                Map.entry("WHATSAPP_DISPLAY_NUMBER", "+1 555 078 3881"),
                Map.entry("WHATSAPP_API_BASE_URL", "http://127.0.0.1:9"));
        try (S3ProxyStorage storage = new S3ProxyStorage();
                KubernetesApi api = new KubernetesApi();
                TestIngress ingress = new TestIngress(redis, api, withStorage(bots, storage))) {
            ProcessBuilder node = new ProcessBuilder("node", "page.test.mjs")
                    .directory(BROWSER_DIR.toFile())
                    .redirectError(new File("target/browser-test.err"));
            node.environment().put("INGRESS_URL", ingress.baseUrl());
            node.environment()
                    .put("SCREENSHOT_DIR", Path.of("target").toAbsolutePath().toString());
            Process process = node.start();
            List<String> output = new ArrayList<>();
            String jobId = null;
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    output.add(line);
                    if (line.startsWith("SUBMITTED ")) {
                        jobId = line.substring("SUBMITTED ".length()).trim();
                        moveTo(api, jobId, Phase.AI_GENERATING, s -> {});
                    } else if (line.equals("STEP ai_generating")) {
                        moveTo(api, jobId, Phase.RENDERING, s -> s.setProgress(40));
                    } else if (line.equals("STEP rendering")) {
                        moveTo(api, jobId, Phase.UPLOADING, s -> s.setProgress(100));
                    } else if (line.equals("STEP uploading")) {
                        String name = jobId;
                        String prefix = "videojobs/videos/" + name + "/uid/";
                        // what the renderer stores beside the video (captions.vtt and transcript.txt)
                        storage.putText(prefix + "captions.vtt", CAPTIONS, "text/vtt");
                        storage.putText(prefix + "transcript.txt", TRANSCRIPT, "text/plain");
                        moveTo(api, jobId, Phase.READY, s -> {
                            VideoFacts video = new VideoFacts();
                            video.setObjectKey(prefix + "video.mp4");
                            video.setCaptionsKey(prefix + "captions.vtt");
                            video.setTranscriptKey(prefix + "transcript.txt");
                            video.setDurationSeconds(9.0);
                            video.setHeight(480);
                            s.setVideo(video);
                        });
                    } else if (line.startsWith("SUBMITTED_FAILING ")) {
                        // a refused import: the reason and its parameters, which the ingress words
                        moveTo(
                                api,
                                line.substring("SUBMITTED_FAILING ".length()).trim(),
                                Phase.FAILED,
                                s -> s.setLastError(new ErrorInfo(FailureReason.INVALID_CODE, 2, 1, 1)
                                        .withDetail("importing 'os' is not allowed")));
                    }
                }
            }
            boolean exited = process.waitFor(120, TimeUnit.SECONDS);
            Files.write(Path.of("target/browser-test.log"), output);
            assertThat(exited).isTrue();
            assertThat(process.exitValue())
                    .as(
                            "browser test output:\n%s\n%s",
                            String.join("\n", output), Files.readString(Path.of("target/browser-test.err")))
                    .isZero();
            assertThat(output).contains("STEP ready", "OK");
            assertThat(output)
                    .filteredOn(l -> l.startsWith("AXE "))
                    .hasSize(3)
                    .allSatisfy(l -> assertThat(l).contains("\"violations\":[]"));
        }
    }

    private static final String TRANSCRIPT = "The derivative of x squared, from first principles.\n"
            + "The difference quotient simplifies to 2x + h.\nAs h goes to 0, the derivative is 2x.\n";
    private static final String CAPTIONS = "WEBVTT\n\n1\n00:00:00.000 --> 00:00:03.000\n"
            + "The derivative of x squared, from first principles.\n\n2\n00:00:03.000 --> 00:00:06.000\n"
            + "The difference quotient simplifies to 2x + h.\n\n3\n00:00:06.000 --> 00:00:09.000\n"
            + "As h goes to 0, the derivative is 2x.\n";

    private static Map<String, String> withStorage(Map<String, String> env, S3ProxyStorage storage) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("STORAGE_ENDPOINT", storage.endpoint());
        all.put("STORAGE_ACCESS_KEY", S3ProxyStorage.ACCESS_KEY);
        all.put("STORAGE_SECRET_KEY", S3ProxyStorage.SECRET_KEY);
        return all;
    }

    private static void moveTo(KubernetesApi api, String jobId, Phase phase, Consumer<VideoJobStatus> more) {
        api.writeStatus(jobId, status -> {
            status.setPhase(phase);
            more.accept(status);
        });
    }

    private static void installNodeModules() throws Exception {
        if (Files.isDirectory(BROWSER_DIR.resolve("node_modules/playwright-core"))
                && Files.isDirectory(BROWSER_DIR.resolve("node_modules/axe-core"))) {
            return;
        }
        // not inheritIO: the fork's stdin and stdout are surefire's channel to Maven, and node sets an inherited stdin
        // non-blocking (surefire then fails the run: "std/in stream corrupted")
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                .directory(BROWSER_DIR.toFile())
                .redirectErrorStream(true)
                .redirectOutput(new File("target/npm-ci.log"))
                .start();
        npm.getOutputStream().close();
        assertThat(npm.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(npm.exitValue()).as("npm ci (its output: target/npm-ci.log)").isZero();
    }
}
