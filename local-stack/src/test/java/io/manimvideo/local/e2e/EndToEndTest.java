package io.manimvideo.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.manimvideo.api.MathVerified;
import io.manimvideo.api.Phase;
import io.manimvideo.api.Platform;
import io.manimvideo.api.VideoJob;
import io.manimvideo.api.VideoJobSpec;
import io.manimvideo.api.texts.Language;
import io.manimvideo.api.texts.TextCatalog;
import io.manimvideo.api.texts.Texts;
import io.manimvideo.ingress.fakes.FakeTelegramBotApi;
import io.manimvideo.ingress.fakes.FakeWhatsAppCloudApi;
import io.manimvideo.ingress.fakes.TelegramPayloads;
import io.manimvideo.ingress.fakes.WhatsAppPayloads;
import io.manimvideo.local.LocalStack;
import io.manimvideo.local.WebApiClient;
import io.manimvideo.localinfra.Directories;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The system end to end, as people use it, on the all-in-one stack ({@link EndToEndStack}): chat webhooks and
 * the web API in, Manim really rendering in the sandbox, videos out through the fake Telegram and WhatsApp
 * APIs and the web page in headless Chromium.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag("e2e")
class EndToEndTest {
    private static final Duration RENDER_TIMEOUT = Duration.ofMinutes(4);
    /** The label the operator gives a VideoJob's Jobs and their pods. */
    private static final String VIDEOJOB_LABEL = "manimvideo.io/videojob";

    private static final String WHATSAPP_USER = "5511987654321";
    private static final TextCatalog CATALOG = TextCatalog.load();
    private static final Pattern ARABIC_LETTER = Pattern.compile("\\p{IsArabic}");
    /** Where in the explainer's videos the frames are read: after the title, in the working, at the answer. */
    private static final double[] FRAME_MOMENTS = {0.3, 0.6, 0.9};

    private static EndToEndStack e2e;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startStack() throws Exception {
        e2e = EndToEndStack.start();
        e2e.awaitIngress();
    }

    @AfterAll
    static void stopStack() {
        if (e2e != null) {
            e2e.close();
        }
    }

    /** A scene of half a second: one square. */
    private static String tinyScene(String name) {
        return """
        from manim import *


        class %s(Scene):
            def construct(self):
                self.add(Square())
                self.wait(0.5)
        """.formatted(name);
    }

    /** A scene that keeps rendering for a while: a square turning for {@code seconds}. */
    private static String turningScene(String name, int seconds) {
        return """
        from manim import *


        class %s(Scene):
            def construct(self):
                square = Square()
                self.play(Rotate(square, angle=TAU), run_time=%d)
        """.formatted(name, seconds);
    }

    @Test
    @Order(1)
    void telegramCodeBecomesAVideoSentToTheChatThenDeletedAfterTheGracePeriod() throws Exception {
        long chatId = 91001;
        var response = postTelegram(TelegramPayloads.text(700001, chatId, "/code\n" + tinyScene("TelegramSquare")));
        assertThat(response.statusCode()).isEqualTo(200);

        // the presigned URL is fetched as soon as Telegram is given it: the video is deleted a few seconds later
        Path video = Files.createTempFile("telegram-video", ".mp4");
        FakeTelegramBotApi.Request sent = await("sendVideo to the chat")
                .atMost(RENDER_TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> sentVideos(chatId).stream().findFirst().orElse(null), r -> r != null);
        assertThat(sent.field("video")).as("a small video is sent by URL").startsWith("http://");
        var download = http.send(
                HttpRequest.newBuilder(URI.create(sent.field("video"))).build(),
                HttpResponse.BodyHandlers.ofFile(video));
        assertThat(download.statusCode()).isEqualTo(200);
        Ffprobe probe = Ffprobe.of(video);
        assertThat(probe.codec()).isEqualTo("h264");
        assertThat(probe.frames()).isPositive();

        VideoJob job = awaitJob(
                j -> j.getSpec().getPlatform() == Platform.TELEGRAM
                        && j.getSpec().getManimCode() != null
                        && j.getSpec().getManimCode().contains("TelegramSquare"),
                Phase.DELIVERED,
                RENDER_TIMEOUT);
        String videoKey = job.getStatus().getVideo().getObjectKey();
        await("the video is deleted after the grace period")
                .atMost(EndToEndStack.DELIVERY_GRACE.plusSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> e2e.objectKeys(videoKey).isEmpty());
        assertThat(sentVideos(chatId)).hasSize(1);
        Files.deleteIfExists(video);
    }

    @Test
    @Order(2)
    void whatsappProblemWhoseFirstAnswerFailsToRenderIsRepairedAndSentOnce() throws Exception {
        String broken = """
        from manim import *


        class CircleGrows(Scene):
            def construct(self):
                radii = [0.5, 1.0]
                circle = Circle(radius=radii[2])
                self.add(circle)
                self.wait(0.5)
        """;
        e2e.ai.answer(
                "Here is the animation:\n```python\n" + broken + "```",
                "Fixed:\n```python\n" + tinyScene("CircleGrows").replace("Square()", "Circle(radius=1.0)") + "```");
        String problem = "Show how the area of a circle grows with its radius";
        String body = WhatsAppPayloads.webhook(WhatsAppPayloads.messagesValue(WhatsAppPayloads.text(
                "wamid.HBgLNTUxMTk4NzY1NDMyMRUCABIYFjNFQjBFMkUwMDAxRTJFMDAwMQA=", WHATSAPP_USER, problem)));
        var response = new ChatWebhooks(e2e.webUrl()).whatsapp(body);
        assertThat(response.statusCode()).isEqualTo(200);

        VideoJob job = awaitJob(
                j -> j.getSpec().getPlatform() == Platform.WHATSAPP
                        && problem.equals(j.getSpec().getProblemText()),
                Phase.DELIVERED,
                RENDER_TIMEOUT.multipliedBy(2));
        assertThat(job.getStatus().getAttempts()).isEqualTo(2);
        assertThat(job.getStatus().getAiProvider()).isEqualTo("openai");
        assertThat(job.getStatus().getAiModel()).isEqualTo(EndToEndStack.AI_MODEL);

        List<JsonObject> asked = e2e.ai.requests();
        assertThat(asked).hasSize(2);
        String repairRequest = asked.get(1).getJsonArray("messages").encode();
        assertThat(repairRequest).contains("radius=radii[2]").containsIgnoringCase("index out of range");
        assertThat(asked.get(0).getJsonArray("messages").encode()).contains(problem);

        Thread.sleep(3000); // a second video would have been sent by now
        List<FakeWhatsAppCloudApi.Request> videos = e2e.whatsapp.requests().stream()
                .filter(r -> "video".equals(r.type()))
                .toList();
        assertThat(videos).hasSize(1);
        assertThat(videos.get(0).to()).contains(WHATSAPP_USER);
        assertThat(videos.get(0).body().getJsonObject("video").getString("link"))
                .startsWith("http");
    }

    @Test
    @Order(3)
    void webApiStreamsEveryPhaseInOrder() throws Exception {
        var web = new WebApi(e2e.webUrl());
        // long enough to render that the operator sees it rendering (it reads the pod's progress every 2 s): on the
        // real node a scene of a few seconds is validated, rendered and uploaded between two of its looks
        String jobId = web.submitCode(turningScene("WebTurn", 24)).getString("job_id");
        List<JsonObject> events = web.events(jobId, RENDER_TIMEOUT);

        List<String> phases = new ArrayList<>();
        for (JsonObject event : events) {
            String phase = event.getString("status");
            if (phases.isEmpty() || !phases.get(phases.size() - 1).equals(phase)) {
                phases.add(phase);
            }
        }
        // the stream starts where the job is when it is opened: queued, or already being checked
        assertThat(phases.get(0)).isIn("queued", "code_validating");
        assertThat(phases.subList(phases.indexOf("code_validating"), phases.size()))
                .containsExactly("code_validating", "rendering", "uploading", "ready");
        assertThat(events.get(events.size() - 1).getString("video_url")).isNotBlank();
    }

    @Test
    @Order(4)
    void webPageInChromiumShowsThePlayableVideo() throws Exception {
        Path playwright = e2e.projectDir.resolve("ingress-api/src/test/browser");
        assertThat(playwright.resolve("node_modules/playwright-core"))
                .as("npm ci in " + playwright)
                .exists();
        var node = new ProcessBuilder(
                        "node",
                        e2e.projectDir
                                .resolve("local-stack/src/test/browser/video-page.mjs")
                                .toString())
                .redirectErrorStream(true);
        node.environment().put("INGRESS_URL", e2e.webUrl());
        node.environment().put("PLAYWRIGHT_DIR", playwright.toString());
        node.environment().put("SCENE_CODE", tinyScene("BrowserSquare"));
        Process process = node.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(out).contains("VIDEO /api/v1/jobs/");
        assertThat(process.exitValue()).as(out).isZero();
    }

    @Test
    @Order(5)
    void hostileCodeFailsWithTheLineAndWritesNothingOutsideTheSandbox() throws Exception {
        var web = new WebApi(e2e.webUrl());
        Path opened = Path.of(System.getProperty("java.io.tmpdir"), "manim-e2e-open-" + UUID.randomUUID());
        Path shelled = Path.of(System.getProperty("java.io.tmpdir"), "manim-e2e-shell-" + UUID.randomUUID());
        String openFile = """
        from manim import *


        class Escape(Scene):
            def construct(self):
                open("%s", "w").write("escaped")
                self.wait(0.5)
        """.formatted(opened);
        String runShell = """
        from manim import *


        class Escape(Scene):
            def construct(self):
                __import__("os").system("touch %s")
                self.wait(0.5)
        """.formatted(shelled);

        for (String code : List.of(openFile, runShell)) {
            String jobId = web.submitCode(code).getString("job_id");
            List<JsonObject> events = web.events(jobId, RENDER_TIMEOUT);
            JsonObject last = events.get(events.size() - 1);
            assertThat(last.getString("status")).as(last.encode()).isEqualTo("failed");
            JsonObject error = last.getJsonObject("last_error");
            assertThat(error.getInteger("line")).as(error.encode()).isEqualTo(6);
            assertThat(error.getString("message")).isNotBlank();
            assertThat(last.getString("status_message")).as(last.encode()).containsIgnoringCase("line 6");
        }
        assertThat(opened).doesNotExist();
        assertThat(shelled).doesNotExist();
    }

    @Test
    @Order(6)
    void kubectlDeleteMidRenderStopsTheRenderAndLeavesNoJobPodStoredObjectOrRecord() throws Exception {
        var web = new WebApi(e2e.webUrl());
        String jobId = web.submitCode(turningScene("LongTurn", 50)).getString("job_id");
        VideoJob job = awaitJob(j -> j.getMetadata().getName().equals(jobId), Phase.RENDERING, RENDER_TIMEOUT);
        String prefix = job.getStatus().getStoragePrefix();
        List<ProcessHandle> render = await("the render process")
                .atMost(Duration.ofSeconds(60))
                .until(() -> RenderProcesses.ofJob(e2e.stack.client(), jobId + "-render-1"), p -> !p.isEmpty());
        assertThat(e2e.objectKeys(prefix)).isNotEmpty();

        Process kubectl = new ProcessBuilder(
                        "kubectl",
                        "--kubeconfig",
                        e2e.stack.kubeconfig().toString(),
                        "--cache-dir",
                        e2e.stateDir.resolve("kube-cache").toString(),
                        "delete",
                        "vj",
                        jobId,
                        "--timeout=120s")
                .redirectErrorStream(true)
                .start();
        String out = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(kubectl.waitFor()).as(out).isZero();
        assertThat(out).contains(jobId).contains("deleted");

        await("the render stops, storage is emptied, the record is gone")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    assertThat(render).noneMatch(ProcessHandle::isAlive);
                    assertThat(RenderProcesses.ofJob(e2e.stack.client(), jobId + "-render-1"))
                            .isEmpty();
                    assertThat(e2e.videoJob(jobId).get()).isNull();
                    assertThat(e2e.objectKeys(prefix)).isEmpty();
                });
        // what `kubectl get jobs,pods -l manimvideo.io/videojob=<name>` shows an admin: nothing of the job is left,
        // and no pod that went late uploaded anything after the storage was emptied
        await("its Jobs and pods are gone")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(childObjects(jobId))
                        .as("Jobs and pods of the deleted VideoJob")
                        .isEmpty());
        assertThat(e2e.objectKeys(prefix))
                .as("objects stored after the deletion")
                .isEmpty();
    }

    /** The Jobs and pods labelled with the VideoJob's name, as {@code kind/name}. */
    private static List<String> childObjects(String videoJob) {
        var client = e2e.stack.client();
        var jobs = client.batch()
                .v1()
                .jobs()
                .inNamespace(LocalStack.NAMESPACE)
                .withLabel(VIDEOJOB_LABEL, videoJob)
                .list();
        var pods = client.pods()
                .inNamespace(LocalStack.NAMESPACE)
                .withLabel(VIDEOJOB_LABEL, videoJob)
                .list();
        List<String> names = new ArrayList<>();
        jobs.getItems().forEach(j -> names.add("job/" + j.getMetadata().getName()));
        pods.getItems().forEach(p -> names.add("pod/" + p.getMetadata().getName()));
        return names;
    }

    @Test
    @Order(7)
    void operatorRestartedMidRenderCompletesTheJobOnceWithOneNotification() throws Exception {
        long chatId = 91007;
        var response = postTelegram(TelegramPayloads.text(700007, chatId, "/code\n" + turningScene("RestartTurn", 50)));
        assertThat(response.statusCode()).isEqualTo(200);
        Predicate<VideoJob> ours = j ->
                j.getSpec().getManimCode() != null && j.getSpec().getManimCode().contains("RestartTurn");
        VideoJob rendering = awaitJob(ours, Phase.RENDERING, RENDER_TIMEOUT);
        String name = rendering.getMetadata().getName();
        Set<String> childJobs = ConcurrentHashMap.newKeySet();

        e2e.stack.stopOperator();
        childJobs.addAll(childJobNames(name));
        e2e.stack.startOperator();

        await("Delivered after the restart")
                .atMost(RENDER_TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    childJobs.addAll(childJobNames(name));
                    VideoJob job = e2e.videoJob(name).get();
                    return job != null
                            && job.getStatus() != null
                            && job.getStatus().getPhase() == Phase.DELIVERED;
                });
        VideoJob done = e2e.videoJob(name).get();
        assertThat(childJobs).containsExactly(name + "-render-1");
        assertThat(done.getStatus().getAttempts()).isEqualTo(1);
        Thread.sleep(3000); // a second notification would have been sent by now
        assertThat(sentVideos(chatId)).hasSize(1);
    }

    @Test
    @Order(8)
    void twentyJobsAtOnceAllCompleteWithNeverMoreThanTheCapRendering() throws Exception {
        var web = new WebApi(e2e.webUrl());
        AtomicInteger mostRendering = new AtomicInteger();
        var sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(
                () -> {
                    while (sampling.get()) {
                        mostRendering.accumulateAndGet(
                                RenderProcesses.runningPods().size(), Math::max);
                        try {
                            Thread.sleep(200);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "render-sampler");
        sampler.start();
        try {
            Set<String> jobIds = new LinkedHashSet<>();
            for (int i = 0; i < 20; i++) {
                jobIds.add(web.submitCode(tinyScene("Many" + i)).getString("job_id"));
            }
            assertThat(jobIds).hasSize(20);
            await("all twenty are ready")
                    .atMost(Duration.ofMinutes(8))
                    .pollInterval(Duration.ofSeconds(2))
                    .untilAsserted(() -> {
                        for (String jobId : jobIds) {
                            assertThat(web.job(jobId).getString("status"))
                                    .as(jobId)
                                    .isIn("ready", "delivered");
                        }
                    });
        } finally {
            sampling.set(false);
            sampler.join();
        }
        assertThat(mostRendering.get()).isEqualTo(EndToEndStack.MAX_CONCURRENT_RENDERS);
    }

    @Test
    @Order(9)
    void aLongSceneRendersInTwoPartsAndThePersonGetsOneVideoOfItsWholeLength() throws Exception {
        var web = new WebApi(e2e.webUrl());
        // the render pod is asked to plan only when a second render slot is free: an earlier test's render Job
        // holds its slot until the Job controller marks it finished, a moment after that job was Ready
        e2e.stack
                .client()
                .batch()
                .v1()
                .jobs()
                .inNamespace(LocalStack.NAMESPACE)
                .informOnCondition(jobs -> jobs.stream().allMatch(EndToEndTest::finished))
                .get(2, TimeUnit.MINUTES);
        // six animations of 5 s: 30 s estimated by the render pod's plan, over the 20 s minimum, so two parts
        String jobId = web.submitCode(steppingScene("LongSteps", 6, 5)).getString("job_id");
        List<JsonObject> events = web.events(jobId, RENDER_TIMEOUT.multipliedBy(2));
        JsonObject last = events.get(events.size() - 1);
        assertThat(last.getString("status")).as(last.encode()).isEqualTo("ready");

        VideoJob job = e2e.videoJob(jobId).get();
        assertThat(job.getStatus().getParts()).isEqualTo(2);
        assertThat(e2e.stack.client().batch().v1().jobs().inNamespace(LocalStack.NAMESPACE).list().getItems().stream()
                        .map(j -> j.getMetadata().getName())
                        .filter(n -> n.startsWith(jobId + "-"))
                        .sorted()
                        .toList())
                .as("the last part joins the parts: no join Job")
                .containsExactly(jobId + "-parts-1", jobId + "-render-1");
        Path video = Files.createTempFile("parts-video", ".mp4");
        e2e.download(job.getStatus().getVideo().getObjectKey(), video);
        Ffprobe probe = Ffprobe.of(video);
        assertThat(probe.codec()).isEqualTo("h264");
        assertThat(probe.frames()).as("30 s at 15 fps, one video").isEqualTo(30 * 15);
        assertThat(job.getStatus().getVideo().getDurationSeconds()).isCloseTo(30.0, within(0.1));
        Files.deleteIfExists(video);
    }

    private static boolean finished(Job job) {
        return job.getStatus() != null
                && job.getStatus().getConditions() != null
                && job.getStatus().getConditions().stream()
                        .anyMatch(c -> ("Complete".equals(c.getType()) || "Failed".equals(c.getType()))
                                && "True".equals(c.getStatus()));
    }

    /** A square that turns a sixth, {@code animations} times for {@code seconds} each. */
    private static String steppingScene(String name, int animations, int seconds) {
        return """
        from manim import *


        class %s(Scene):
            def construct(self):
                square = Square()
                for i in range(%d):
                    self.play(Rotate(square, angle=TAU / 6), run_time=%d)
        """.formatted(name, animations, seconds);
    }

    private HttpResponse<String> postTelegram(String update) throws Exception {
        return new ChatWebhooks(e2e.webUrl()).telegram(update);
    }

    private static List<FakeTelegramBotApi.Request> sentVideos(long chatId) {
        return e2e.telegram.requests("sendVideo").stream()
                .filter(r -> String.valueOf(chatId).equals(r.field("chat_id")))
                .toList();
    }

    private static List<String> childJobNames(String videoJob) {
        return e2e.stack.client().batch().v1().jobs().inNamespace(LocalStack.NAMESPACE).list().getItems().stream()
                .map(Job::getMetadata)
                .map(m -> m.getName())
                .filter(n -> n.startsWith(videoJob + "-render-"))
                .toList();
    }

    /** The VideoJob matching, once it is in the phase; one that fails meanwhile ends the wait with its error. */
    @Test
    @Order(20)
    void problemNoAiAnswersIsWorkedOutOfflineWithSubtitlesAndTranscript() throws Exception {
        // the fake provider has no answer scripted: it answers 503, as an overloaded provider does
        var web = new WebApi(e2e.webUrl());
        String jobId = web.submitProblem("Show why the derivative of x^2 is 2x").getString("job_id");

        VideoJob job =
                awaitJob(j -> j.getMetadata().getName().equals(jobId), Phase.READY, RENDER_TIMEOUT.multipliedBy(2));
        var status = job.getStatus();
        assertThat(status.getAiProvider()).isEqualTo("offline-explainer");
        assertThat(status.getGracefulDegradationUsed()).isFalse();
        assertThat(status.getMathVerified()).isEqualTo(MathVerified.TRUE);
        assertThat(status.getVideo().getDurationSeconds()).isGreaterThan(15.0);
        String subtitles = e2e.objectText(status.getVideo().getCaptionsKey());
        assertThat(subtitles).startsWith("WEBVTT").contains("difference quotient", " --> ");
        String transcript = e2e.objectText(status.getVideo().getTranscriptKey());
        assertThat(transcript.lines())
                .hasSizeGreaterThan(5)
                .contains("So the derivative of x² is 2x. That is the 2x we set out to show.");
    }

    @Test
    @Order(21)
    void telegramUserWhoseClientIsSpanishGetsEveryReplyErrorAndTheExplainersVideoInSpanish() throws Exception {
        // no AI answer is scripted: the provider answers 503 and the offline explainer makes the video
        long chatId = 91021;
        Texts es = CATALOG.in(Language.ES);
        var chat = new SpanishChat(chatId);
        assertThat(chat.send("/voice on")).isEqualTo(es.say("chat.voiceOn"));
        assertThat(chat.send("hola")).isEqualTo(tooShort(es, 4));
        String problem = "deriva x^3";
        assertThat(chat.send(problem)).isEqualTo(es.say("chat.accepted"));

        FakeTelegramBotApi.Request sent = await("sendVideo to the chat")
                .atMost(RENDER_TIMEOUT.multipliedBy(2))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> sentVideos(chatId).stream().findFirst().orElse(null), r -> r != null);
        // the caption: "Tu vídeo: <problem>", then the transcript, every line one of the explainer's Spanish ones
        List<String> caption = sent.field("caption").lines().toList();
        assertThat(caption.get(0)).isEqualTo(es.say("chat.videoCaptionWithPreview", "preview", problem));
        List<String> transcript = caption.subList(1, caption.size()).stream()
                .filter(l -> !l.isBlank())
                .toList();
        ExplainerSentences spanish = ExplainerSentences.of(e2e.projectDir, "es");
        assertThat(transcript).hasSizeGreaterThan(2).allMatch(spanish::said);
        assertThat(transcript).contains("Entonces la derivada de x³ es 3x².");

        Path video = Files.createTempFile("telegram-es", ".mp4");
        var download = http.send(
                HttpRequest.newBuilder(URI.create(sent.field("video"))).build(),
                HttpResponse.BodyHandlers.ofFile(video));
        assertThat(download.statusCode()).isEqualTo(200);
        heardAndSeen(video, "spa", "es", es.language());
        Files.deleteIfExists(video);

        VideoJob job = awaitJob(
                j -> j.getSpec().getPlatform() == Platform.TELEGRAM
                        && problem.equals(j.getSpec().getProblemText()),
                Phase.DELIVERED,
                RENDER_TIMEOUT);
        assertThat(job.getStatus().getAiProvider()).isEqualTo("offline-explainer");
        assertThat(job.getStatus().getVideo().getNarrated()).isTrue();
        List<String> subtitles =
                cueLines(e2e.objectText(job.getStatus().getVideo().getCaptionsKey()));
        assertThat(subtitles).isNotEmpty().allMatch(spanish::said);

        // every progress message the chat showed (the reply "queued", then edited as the job moved) is the
        // Spanish catalog's, to the last: "ready"
        Set<String> progress = progressTexts(es);
        await("the progress message says the video is ready")
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(e2e.telegram.requests("editMessageText").stream()
                                .filter(r -> String.valueOf(chatId).equals(r.field("chat_id")))
                                .map(r -> r.field("text"))
                                .toList())
                        .isNotEmpty()
                        .allMatch(progress::contains)
                        .contains(es.say("progress.ready")));
        assertThat(chat.replies())
                .allMatch(r -> progress.contains(r) || chat.answered().contains(r));
    }

    @Test
    @Order(22)
    void webUserWhoPicksArabicGetsEveryAnswerErrorAndTheExplainersVideoInArabic() throws Exception {
        Texts ar = CATALOG.in(Language.AR);
        var web = new WebApiClient(e2e.webUrl());
        assertThat(new JsonObject(web.chooseLanguage("ar")).getString("language_preference"))
                .isEqualTo("ar");

        HttpResponse<String> refused = web.post(Map.of("submission_type", "problem", "content", "مرحبا"));
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.headers().firstValue("Content-Language")).hasValue("ar");
        JsonObject problem = new JsonObject(refused.body());
        assertThat(problem.getString("detail")).isEqualTo(tooShort(ar, 5));
        assertThat(problem.getString("title")).containsPattern(ARABIC_LETTER);

        HttpResponse<String> accepted = web.post(Map.of(
                "submission_type",
                "problem",
                "content",
                "x^2 - 5x + 6 = 0",
                "accessibility",
                Map.of("audio_description", true)));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);
        String jobId = new JsonObject(accepted.body()).getString("job_id");
        List<JsonObject> events = new ArrayList<>();
        web.events(jobId, RENDER_TIMEOUT.multipliedBy(2), data -> {
            JsonObject status = new JsonObject(data);
            events.add(status);
            return !Set.of("ready", "delivered", "failed", "expired").contains(status.getString("status"));
        });
        JsonObject last = events.get(events.size() - 1);
        assertThat(last.getString("status")).as(last.encode()).isEqualTo("ready");
        Set<String> progress = progressTexts(ar);
        assertThat(events).extracting(e -> e.getString("status_message")).allMatch(progress::contains);

        ExplainerSentences arabic = ExplainerSentences.of(e2e.projectDir, "ar");
        Path dir = Files.createTempDirectory("web-ar");
        List<String> subtitles =
                cueLines(Files.readString(web.download(last.getString("captions_url"), dir.resolve("captions.vtt"))));
        List<String> transcript = Files.readString(web.download(last.getString("transcript_url"), dir.resolve("t.txt")))
                .lines()
                .filter(l -> !l.isBlank())
                .toList();
        for (List<String> lines : List.of(subtitles, transcript)) {
            assertThat(lines)
                    .hasSizeGreaterThan(2)
                    .allMatch(arabic::said)
                    .allMatch(l -> ARABIC_LETTER.matcher(l).find());
        }
        assertThat(transcript).anyMatch(l -> l.startsWith("إذن ") && l.contains("x = 2") && l.contains("x = 3"));
        heardAndSeen(web.download(last.getString("video_url"), dir.resolve("video.mp4")), "ara", "ar", ar.language());
        Directories.deleteTree(dir);
    }

    /**
     * The explainer's video has a voice (narration: an audio track, not silent) and its heading in the person's
     * language on the frames (OCR): "Derivada", "حل معادلة". The frames stay in {@code target/e2e/frames-<tag>}.
     */
    private static void heardAndSeen(Path video, String ocrLanguage, String tag, Language language) throws Exception {
        Soundtrack sound = Soundtrack.of(video);
        assertThat(sound.audio()).as("narration in " + tag).isTrue();
        assertThat(sound.meanVolumeDb()).as("the narration is heard").isGreaterThan(-50.0);
        JsonObject words = new JsonObject(Files.readString(
                e2e.projectDir.resolve("render-image/src/manimrender/explain/texts/" + tag + ".json")));
        String heading = words.getString(tag.equals("es") ? "derivative.heading" : "solve.heading");
        List<String> frames = VideoFrames.read(
                video,
                sound.seconds(),
                FRAME_MOMENTS,
                ocrLanguage,
                e2e.projectDir.resolve("local-stack/target/e2e/frames-" + language.tag()));
        assertThat(frames).as("the heading on every frame read").allMatch(text -> text.contains(heading));
    }

    /** The text lines of a WebVTT file's cues (not the header, numbers or timings). */
    private static List<String> cueLines(String vtt) {
        assertThat(vtt).startsWith("WEBVTT");
        return vtt.lines()
                .skip(1)
                .filter(l -> !l.isBlank() && !l.contains(" --> ") && !l.matches("\\d+"))
                .toList();
    }

    /** What a person is told of a problem of {@code chars} characters: too short. */
    private static String tooShort(Texts texts, int chars) {
        Map<String, Object> lengths =
                Map.of("min", VideoJobSpec.PROBLEM_MIN_CHARS, "max", VideoJobSpec.PROBLEM_MAX_CHARS, "chars", chars);
        return texts.say("submission.problemLength", lengths);
    }

    /** Every progress text a job shows on its way, in one language. */
    private static Set<String> progressTexts(Texts texts) {
        Set<String> all = new java.util.HashSet<>();
        for (Phase phase : Phase.values()) {
            all.add(texts.say("progress." + phase.wireName()));
        }
        IntStream.rangeClosed(0, 100).forEach(p -> all.add(texts.say("progress.renderingPercent", "percent", p)));
        IntStream.rangeClosed(1, 50).forEach(p -> all.add(texts.say("progress.queuePosition", "position", p)));
        return all;
    }

    /** A Telegram chat whose client is set to Spanish: each message and the bot's answer to it. */
    private final class SpanishChat {
        private final long chatId;
        private final List<String> answered = new ArrayList<>();
        private long updateId;

        SpanishChat(long chatId) {
            this.chatId = chatId;
            this.updateId = chatId * 10;
        }

        String send(String text) throws Exception {
            int before = replies().size();
            var response = postTelegram(TelegramPayloads.textIn(++updateId, chatId, text, "es"));
            assertThat(response.statusCode()).isEqualTo(200);
            String answer = await("the answer to " + text)
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> replies().size() > before ? replies().get(before) : null, r -> r != null);
            answered.add(answer);
            return answer;
        }

        List<String> answered() {
            return answered;
        }

        List<String> replies() {
            return e2e.telegram.requests("sendMessage").stream()
                    .filter(r -> String.valueOf(chatId).equals(r.field("chat_id")))
                    .map(r -> r.field("text"))
                    .toList();
        }
    }

    private static VideoJob awaitJob(Predicate<VideoJob> which, Phase phase, Duration timeout) {
        return await(phase + " reached")
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> e2e.videoJobs().stream().filter(which).findFirst().orElse(null), job -> {
                    if (job == null || job.getStatus() == null) {
                        return false;
                    }
                    if (job.getStatus().getPhase() == Phase.FAILED && phase != Phase.FAILED) {
                        throw new AssertionError("job " + job.getMetadata().getName() + " failed: "
                                + job.getStatus().getMessage());
                    }
                    return job.getStatus().getPhase() == phase;
                });
    }
}
