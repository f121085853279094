package io.manimvideo.ingress.telegram;

import static io.manimvideo.ingress.chat.BotTestEnvironment.TELEGRAM_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.manimvideo.api.ErrorInfo;
import io.manimvideo.api.FailureReason;
import io.manimvideo.api.Phase;
import io.manimvideo.api.VideoFacts;
import io.manimvideo.api.VideoJob;
import io.manimvideo.ingress.chat.BotTestEnvironment;
import io.manimvideo.ingress.fakes.FakeTelegramBotApi;
import io.manimvideo.ingress.fakes.TelegramPayloads;
import io.manimvideo.ingress.testsupport.RedisServerExtension;
import io.manimvideo.ingress.testsupport.RenderedVideos;
import io.manimvideo.localinfra.redis.RedisServer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The ingress follows the VideoJob (informer, dispatcher) and tells the Telegram chat through the fake Bot API. */
@ExtendWith(RedisServerExtension.class)
class TelegramNotifierTest {
    private static final long CHAT = 5550001L;
    private static final String JOB = "tg-700001";
    private static final String KEY = "videojobs/videos/" + JOB + "/uid/video.mp4";
    private static final Duration WAIT = Duration.ofSeconds(15);

    private BotTestEnvironment env;
    /** The fake numbers messages from 100: the reply to the submission is the job's progress message. */
    private final int progressMessageId = 100;

    @BeforeEach
    void start(RedisServer redis) throws Exception {
        env = new BotTestEnvironment(redis);
        env.postTelegram(
                TELEGRAM_SECRET, TelegramPayloads.text(700001, CHAT, "show that the angles of a triangle sum to 180"));
        await().atMost(WAIT).until(() -> env.redisKeyExists("progress_message:" + JOB));
        env.telegram.reset();
    }

    @AfterEach
    void stop() throws Exception {
        env.close();
    }

    private static VideoFacts video(long size) {
        return RenderedVideos.at(KEY, size);
    }

    private List<String> edits() {
        return env.telegram.requests("editMessageText").stream()
                .map(r -> r.field("message_id") + ":" + r.field("text"))
                .toList();
    }

    private List<FakeTelegramBotApi.Request> awaitRequests(String method, int count) {
        await().atMost(WAIT).until(() -> env.telegram.requests(method).size() >= count);
        return env.telegram.requests(method);
    }

    @Test
    void oneProgressMessageIsEditedAsTheJobMoves() {
        env.setStatus(JOB, s -> s.setPhase(Phase.AI_GENERATING));
        awaitRequests("editMessageText", 1);
        env.setStatus(JOB, s -> {
            s.setPhase(Phase.RENDERING);
            s.setProgress(42);
        });
        awaitRequests("editMessageText", 2);
        env.setStatus(JOB, s -> s.setProgress(77));
        awaitRequests("editMessageText", 3);
        env.setStatus(JOB, s -> s.setPhase(Phase.UPLOADING));
        awaitRequests("editMessageText", 4);
        assertThat(edits())
                .containsExactly(
                        progressMessageId + ":Writing the animation code...",
                        progressMessageId + ":Rendering 42 %...",
                        progressMessageId + ":Rendering 77 %...",
                        progressMessageId + ":Uploading the video...");
        assertThat(env.telegram.requests("sendChatAction"))
                .extracting(r -> r.field("action"))
                .containsExactly("typing", "typing", "typing", "upload_video");
        assertThat(env.telegram.requests("sendMessage")).isEmpty();
    }

    @Test
    void smallVideoIsSentByUrlAndDeliveryIsRecorded() {
        env.setStatus(JOB, s -> {
            s.setPhase(Phase.READY);
            s.setVideo(video(3_000_000));
        });
        FakeTelegramBotApi.Request send = awaitRequests("sendVideo", 1).get(0);
        assertThat(send.field("chat_id")).isEqualTo(Long.toString(CHAT));
        assertThat(send.field("video")).contains(KEY).contains("X-Amz-Signature=");
        assertThat(send.field("caption")).contains("angles of a triangle");
        await().atMost(WAIT)
                .until(() -> env.videoJob(JOB).getMetadata().getAnnotations() != null
                        && env.videoJob(JOB).getMetadata().getAnnotations().containsKey(VideoJob.DELIVERED_ANNOTATION));
        awaitRequests("editMessageText", 1);
        assertThat(edits()).containsExactly(progressMessageId + ":Your video is ready.");
    }

    @Test
    void transcriptFillsTheCaptionAndTheRestFollowsAsMessagesWithinTelegramsLimits() throws Exception {
        List<String> lines = new java.util.ArrayList<>();
        for (int i = 1; i <= 150; i++) {
            lines.add("Step " + i + ": the difference quotient ((x+h)^2 - x^2)/h simplifies to 2x + h.");
        }
        String transcriptKey = "videojobs/videos/" + JOB + "/uid/transcript.txt";
        env.storage.putText(transcriptKey, String.join("\n", lines) + "\n", "text/plain");
        env.setStatus(JOB, s -> {
            s.setPhase(Phase.READY);
            VideoFacts facts = video(3_000_000);
            facts.setTranscriptKey(transcriptKey);
            s.setVideo(facts);
        });
        String caption = awaitRequests("sendVideo", 1).get(0).field("caption");
        await().atMost(WAIT).until(() -> edits().contains(progressMessageId + ":Your video is ready."));
        List<String> followUps = env.telegram.requests("sendMessage").stream()
                .map(r -> r.field("text"))
                .toList();
        assertThat(caption)
                .startsWith("Your video: show that the angles of a triangle")
                .hasSizeLessThanOrEqualTo(1024)
                .contains("Step 1: ");
        assertThat(followUps).hasSize(3).allSatisfy(t -> assertThat(t).hasSizeLessThanOrEqualTo(4096));
        // every line arrives once, in order, none cut: caption tail, then the messages
        List<String> received =
                new java.util.ArrayList<>(caption.lines().skip(2).toList());
        followUps.forEach(t -> received.addAll(t.lines().toList()));
        assertThat(received).isEqualTo(lines);
    }

    @Test
    void videoOverTwentyMegabytesIsDownloadedFromStorageAndUploaded() throws Exception {
        int size = 21 * 1024 * 1024;
        env.storage.putVideo(KEY, new byte[size]);
        env.setStatus(JOB, s -> {
            s.setPhase(Phase.READY);
            s.setVideo(video(size));
        });
        FakeTelegramBotApi.Request send = awaitRequests("sendVideo", 1).get(0);
        assertThat(send.contentType()).startsWith("multipart/form-data");
        assertThat(send.uploadSizes()).containsEntry("video", (long) size);
        assertThat(send.form()).containsEntry("chat_id", Long.toString(CHAT));
    }

    @Test
    void videoOverFiftyMegabytesGoesAsALink() {
        env.setStatus(JOB, s -> {
            s.setPhase(Phase.READY);
            s.setVideo(video(60L * 1024 * 1024));
        });
        assertThat(awaitRequests("sendMessage", 1).get(0).field("text"))
                .contains("Your video is ready: http")
                .contains(KEY);
        assertThat(env.telegram.requests("sendVideo")).isEmpty();
    }

    @Test
    void videoTelegramCannotFetchGoesAsALink() {
        env.telegram.failNext("sendVideo", 1, 400, "Bad Request: failed to get HTTP URL content", null);
        env.setStatus(JOB, s -> {
            s.setPhase(Phase.READY);
            s.setVideo(video(3_000_000));
        });
        assertThat(awaitRequests("sendMessage", 1).get(0).field("text"))
                .contains("Your video is ready: http")
                .contains(KEY);
    }

    @Test
    void failureIsToldWithARetryButton() {
        env.setStatus(JOB, s -> {
            s.setPhase(Phase.FAILED);
            s.setLastError(new ErrorInfo(FailureReason.INVALID_CODE, 7, null, 1)
                    .withDetail("NameError: name 'Circel' is not defined"));
        });
        JsonObject message = awaitRequests("sendMessage", 1).get(0).json();
        assertThat(message.getString("text")).contains("Circel").contains("line 7");
        JsonObject button = message.getJsonObject("reply_markup")
                .getJsonArray("inline_keyboard")
                .getJsonArray(0)
                .getJsonObject(0);
        assertThat(button.getString("callback_data")).isEqualTo("retry:" + JOB);
        assertThat(edits()).containsExactly(progressMessageId + ":The video could not be made.");
    }

    @Test
    void blockedBotMarksTheChatAndNothingMoreIsSent() throws Exception {
        env.telegram.blockedByUser("editMessageText");
        env.setStatus(JOB, s -> s.setPhase(Phase.AI_GENERATING));
        await().atMost(WAIT).until(() -> env.redisKeyExists("blocked:telegram:" + CHAT));
        int before = env.telegram.requests().size();
        env.setStatus(JOB, s -> s.setPhase(Phase.RENDERING));
        env.setStatus(JOB, s -> s.setPhase(Phase.UPLOADING));
        Thread.sleep(1500);
        assertThat(env.telegram.requests()).hasSize(before);
    }

    @Test
    void rateLimitedEditIsSentAgainAfterRetryAfter() {
        env.telegram.tooManyRequests("editMessageText", 1, 1);
        env.setStatus(JOB, s -> s.setPhase(Phase.AI_GENERATING));
        List<FakeTelegramBotApi.Request> calls = awaitRequests("editMessageText", 2);
        assertThat(Duration.between(calls.get(0).receivedAt(), calls.get(1).receivedAt()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(calls.get(1).field("text")).isEqualTo("Writing the animation code...");
    }

    @Test
    void eachPhaseIsToldOnceHoweverOftenTheJobChanges() throws Exception {
        env.setStatus(JOB, s -> s.setPhase(Phase.AI_GENERATING));
        awaitRequests("editMessageText", 1);
        env.touch(JOB);
        env.touch(JOB);
        Thread.sleep(1500);
        assertThat(edits()).hasSize(1);
    }

    @Test
    void blockedChatKeepsTheVideoReadyAndGetsItWhenThePersonWritesAgain() throws Exception {
        env.postTelegram(TELEGRAM_SECRET, TelegramPayloads.kicked(700002, CHAT));
        await().atMost(WAIT).until(() -> env.redisKeyExists("blocked:telegram:" + CHAT));
        env.setStatus(JOB, s -> {
            s.setPhase(Phase.READY);
            s.setVideo(video(3_000_000));
        });
        Thread.sleep(2000);
        assertThat(env.telegram.requests("sendVideo")).isEmpty();
        assertThat(env.videoJob(JOB).getMetadata().getAnnotations()).doesNotContainKey(VideoJob.DELIVERED_ANNOTATION);
        // the person unblocks the bot and writes: the video they missed comes at once
        env.postTelegram(TELEGRAM_SECRET, TelegramPayloads.text(700003, CHAT, "/status"));
        FakeTelegramBotApi.Request send = awaitRequests("sendVideo", 1).get(0);
        assertThat(send.field("chat_id")).isEqualTo(Long.toString(CHAT));
        await().atMost(WAIT)
                .until(() -> env.videoJob(JOB).getMetadata().getAnnotations() != null
                        && env.videoJob(JOB).getMetadata().getAnnotations().containsKey(VideoJob.DELIVERED_ANNOTATION));
        await().atMost(WAIT).until(() -> edits().contains(progressMessageId + ":Your video is ready."));
    }

    @Test
    void videoRefusedWithForbiddenIsNotRecordedAsDelivered() throws Exception {
        env.telegram.blockedByUser("sendVideo");
        env.setStatus(JOB, s -> {
            s.setPhase(Phase.READY);
            s.setVideo(video(3_000_000));
        });
        await().atMost(WAIT).until(() -> env.redisKeyExists("blocked:telegram:" + CHAT));
        env.touch(JOB);
        Thread.sleep(1500);
        assertThat(env.videoJob(JOB).getMetadata().getAnnotations()).doesNotContainKey(VideoJob.DELIVERED_ANNOTATION);
        assertThat(env.telegram.requests("sendVideo")).hasSize(1);
        env.postTelegram(TELEGRAM_SECRET, TelegramPayloads.text(700004, CHAT, "/help"));
        awaitRequests("sendVideo", 2);
        await().atMost(WAIT)
                .until(() -> env.videoJob(JOB).getMetadata().getAnnotations() != null
                        && env.videoJob(JOB).getMetadata().getAnnotations().containsKey(VideoJob.DELIVERED_ANNOTATION));
    }

    @Test
    void invalidDirectCodeIsToldOnceWithoutARetryButton() throws Exception {
        env.postTelegram(
                TELEGRAM_SECRET,
                TelegramPayloads.text(
                        700005,
                        CHAT,
                        "/code from manim import *\nimport os\nclass A(Scene):\n    def construct(self):\n        self.wait()"));
        String codeJob = "tg-700005";
        await().atMost(WAIT).until(() -> env.redisKeyExists("progress_message:" + codeJob));
        env.telegram.reset();
        env.setStatus(codeJob, s -> {
            s.setPhase(Phase.FAILED);
            s.setLastError(
                    new ErrorInfo(FailureReason.INVALID_CODE, 2, 1, 1).withDetail("importing 'os' is not allowed"));
        });
        JsonObject message = awaitRequests("sendMessage", 1).get(0).json();
        assertThat(message.getString("text"))
                .isEqualTo("Sorry, the video could not be made: The code breaks a rule or cannot be read (line 2):"
                        + " importing 'os' is not allowed.\n"
                        + "Fix the code and send it again with /code.");
        assertThat(message.containsKey("reply_markup")).isFalse();
        // an old "Try again" pressed anyway is answered, not retried
        String press = """
        {"update_id":700006,"callback_query":{"id":"cb-1","from":{"id":%d,"is_bot":false,"first_name":"A"},
          "chat_instance":"1","data":"retry:%s",
          "message":{"message_id":1,"date":1767225600,"chat":{"id":%d,"type":"private"}}}}
        """.formatted(CHAT, codeJob, CHAT);
        env.postTelegram(TELEGRAM_SECRET, press);
        await().atMost(WAIT).until(() -> env.telegram.requests("sendMessage").size() >= 2);
        assertThat(env.telegram.requests("sendMessage").get(1).field("text")).contains("can no longer be retried");
        assertThat(env.videoJobs()).hasSize(2);
    }
}
