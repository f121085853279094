package io.manimvideo.ingress.telegram;

import static io.manimvideo.ingress.chat.BotTestEnvironment.TELEGRAM_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.manimvideo.api.ErrorInfo;
import io.manimvideo.api.Phase;
import io.manimvideo.api.VideoFacts;
import io.manimvideo.api.VideoFormat;
import io.manimvideo.api.VideoJob;
import io.manimvideo.ingress.chat.BotTestEnvironment;
import io.manimvideo.ingress.fakes.FakeTelegramBotApi;
import io.manimvideo.ingress.fakes.TelegramPayloads;
import io.manimvideo.ingress.notify.NotificationDispatcher;
import io.manimvideo.ingress.testsupport.RedisServer;
import io.manimvideo.ingress.testsupport.RedisServerExtension;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisServerExtension.class)
class TelegramNotifierTest {
  private static final long CHAT = 5550001L;
  private static final String JOB = "tg-700001";

  private BotTestEnvironment env;
  private NotificationDispatcher dispatcher;
  private int progressMessageId;

  @BeforeEach
  void start(RedisServer redis) throws Exception {
    env = new BotTestEnvironment(redis);
    dispatcher = env.dispatcher(TelegramModule.create(env.services()).orElseThrow().notifier());
    env.postTelegram(TELEGRAM_SECRET, TelegramPayloads.text(700001, CHAT, "show that the angles of a triangle sum to 180"));
    await().atMost(Duration.ofSeconds(10)).until(() -> env.telegram.requests("sendMessage").size() == 1);
    // the fake numbers messages from 100: the reply to the submission is the job's progress message
    progressMessageId = 100;
    env.telegram.reset();
  }

  @AfterEach
  void stop() throws Exception {
    env.close();
  }

  private void moveTo(Consumer<io.manimvideo.api.VideoJobStatus> change) throws Exception {
    VideoJob job = env.setStatus(JOB, change);
    dispatcher.onJob(job).await();
  }

  private static VideoFacts video(String key, long size) {
    VideoFacts facts = new VideoFacts();
    facts.setObjectKey(key);
    facts.setSizeBytes(size);
    facts.setFormat(VideoFormat.MP4);
    return facts;
  }

  private List<String> edits() {
    return env.telegram.requests("editMessageText").stream().map(r -> r.field("message_id") + ":" + r.field("text")).toList();
  }

  @Test
  void oneProgressMessageIsEditedAsTheJobMoves() throws Exception {
    moveTo(s -> s.setPhase(Phase.AI_GENERATING));
    moveTo(s -> {
      s.setPhase(Phase.RENDERING);
      s.setProgress(42);
    });
    moveTo(s -> s.setProgress(77));
    moveTo(s -> s.setPhase(Phase.UPLOADING));
    assertThat(edits()).containsExactly(
        progressMessageId + ":Writing the animation code...",
        progressMessageId + ":Rendering 42 %...",
        progressMessageId + ":Rendering 77 %...",
        progressMessageId + ":Uploading the video...");
    assertThat(env.telegram.requests("sendChatAction")).extracting(r -> r.field("action"))
        .containsExactly("typing", "typing", "typing", "upload_video");
    assertThat(env.telegram.requests("sendMessage")).isEmpty();
  }

  @Test
  void smallVideoIsSentByUrlAndDeliveryIsRecorded() throws Exception {
    String key = "videojobs/videos/" + JOB + "/uid/video.mp4";
    moveTo(s -> {
      s.setPhase(Phase.READY);
      s.setVideo(video(key, 3_000_000));
    });
    FakeTelegramBotApi.Request send = env.telegram.requests("sendVideo").get(0);
    assertThat(send.field("chat_id")).isEqualTo(Long.toString(CHAT));
    assertThat(send.field("video")).contains(key).contains("X-Amz-Signature=");
    assertThat(send.field("caption")).contains("angles of a triangle");
    assertThat(edits()).containsExactly(progressMessageId + ":Your video is ready.");
    assertThat(env.videoJob(JOB).getMetadata().getAnnotations()).containsKey(VideoJob.DELIVERED_ANNOTATION);
  }

  @Test
  void videoOverTwentyMegabytesIsDownloadedFromStorageAndUploaded() throws Exception {
    String key = "videojobs/videos/" + JOB + "/uid/video.mp4";
    int size = 21 * 1024 * 1024;
    env.storage.putVideo(key, new byte[size]);
    moveTo(s -> {
      s.setPhase(Phase.READY);
      s.setVideo(video(key, size));
    });
    FakeTelegramBotApi.Request send = env.telegram.requests("sendVideo").get(0);
    assertThat(send.contentType()).startsWith("multipart/form-data");
    assertThat(send.uploadSizes()).containsEntry("video", (long) size);
    assertThat(send.form()).containsEntry("chat_id", Long.toString(CHAT));
  }

  @Test
  void videoOverFiftyMegabytesGoesAsALink() throws Exception {
    String key = "videojobs/videos/" + JOB + "/uid/video.mp4";
    moveTo(s -> {
      s.setPhase(Phase.READY);
      s.setVideo(video(key, 60L * 1024 * 1024));
    });
    assertThat(env.telegram.requests("sendVideo")).isEmpty();
    assertThat(env.telegram.requests("sendMessage").get(0).field("text")).contains("Your video is ready: http").contains(key);
  }

  @Test
  void videoTelegramCannotFetchGoesAsALink() throws Exception {
    String key = "videojobs/videos/" + JOB + "/uid/video.mp4";
    env.telegram.failNext("sendVideo", 1, 400, "Bad Request: failed to get HTTP URL content", null);
    moveTo(s -> {
      s.setPhase(Phase.READY);
      s.setVideo(video(key, 3_000_000));
    });
    assertThat(env.telegram.requests("sendMessage").get(0).field("text")).contains("Your video is ready: http").contains(key);
  }

  @Test
  void failureIsToldWithARetryButton() throws Exception {
    moveTo(s -> {
      s.setPhase(Phase.FAILED);
      s.setLastError(new ErrorInfo("InvalidCode", "NameError: name 'Circel' is not defined", 7, null, 1));
    });
    JsonObject message = env.telegram.requests("sendMessage").get(0).json();
    assertThat(message.getString("text")).contains("Circel").contains("line 7");
    JsonObject button = message.getJsonObject("reply_markup").getJsonArray("inline_keyboard").getJsonArray(0).getJsonObject(0);
    assertThat(button.getString("callback_data")).isEqualTo("retry:" + JOB);
    assertThat(edits()).containsExactly(progressMessageId + ":The video could not be made.");
  }

  @Test
  void blockedBotMarksTheChatAndNothingMoreIsSent() throws Exception {
    env.telegram.blockedByUser("sendChatAction");
    moveTo(s -> s.setPhase(Phase.AI_GENERATING));
    env.telegram.blockedByUser("editMessageText");
    moveTo(s -> s.setPhase(Phase.RENDERING));
    assertThat(env.redisKeyExists("blocked:telegram:" + CHAT)).isTrue();
    int before = env.telegram.requests().size();
    moveTo(s -> s.setPhase(Phase.UPLOADING));
    assertThat(env.telegram.requests()).hasSize(before);
  }

  @Test
  void rateLimitedEditIsSentAgainAfterRetryAfter() throws Exception {
    env.telegram.tooManyRequests("editMessageText", 1, 1);
    moveTo(s -> s.setPhase(Phase.AI_GENERATING));
    List<FakeTelegramBotApi.Request> calls = env.telegram.requests("editMessageText");
    assertThat(calls).hasSize(2);
    assertThat(Duration.between(calls.get(0).receivedAt(), calls.get(1).receivedAt())).isGreaterThanOrEqualTo(Duration.ofMillis(950));
  }

  @Test
  void eachPhaseIsToldOnceHoweverOftenTheJobIsSeen() throws Exception {
    moveTo(s -> s.setPhase(Phase.AI_GENERATING));
    VideoJob job = env.videoJob(JOB);
    dispatcher.onJob(job).await();
    dispatcher.onJob(job).await();
    assertThat(edits()).hasSize(1);
  }
}
