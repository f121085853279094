package io.manimvideo.ingress.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import io.manimvideo.ingress.chat.WebhookJson;
import io.manimvideo.ingress.fakes.FakeTelegramBotApi;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.telegram.telegrambots.meta.api.methods.ActionType;

@ExtendWith(VertxExtension.class)
class TelegramBotClientTest {
    private static final String TOKEN = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11";

    private FakeTelegramBotApi telegram;
    private WebClient web;
    private TelegramBotClient client;
    private HttpServer storage;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        telegram = new FakeTelegramBotApi(TOKEN).start(vertx).await();
        web = WebClient.create(vertx);
        client = new TelegramBotClient(
                vertx, web, telegram.baseUrl() + "/", TOKEN, new WebhookJson(), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() throws Exception {
        telegram.close().await();
        if (storage != null) {
            storage.close().await();
        }
        web.close();
    }

    @Test
    void sendMessageReturnsTheMessageId() throws Exception {
        TelegramResult result =
                client.sendMessage(4242, "Got it! Your video is queued.").await();
        assertThat(result)
                .isInstanceOfSatisfying(
                        TelegramResult.Sent.class,
                        s -> assertThat(s.messageId()).isNotNull());
        FakeTelegramBotApi.Request request = telegram.requests("sendMessage").get(0);
        assertThat(request.json().getString("chat_id")).isEqualTo("4242");
        assertThat(request.json().getString("text")).isEqualTo("Got it! Your video is queued.");
    }

    @Test
    void progressMessageIsEditedInPlace() throws Exception {
        int id = ((TelegramResult.Sent) client.sendMessage(1, "Queued...").await()).messageId();
        assertThat(client.editMessageText(1, id, "Rendering 42 %...").await().isSent())
                .isTrue();
        JsonObject edit = telegram.requests("editMessageText").get(0).json();
        assertThat(edit.getInteger("message_id")).isEqualTo(id);
        assertThat(edit.getString("text")).isEqualTo("Rendering 42 %...");
    }

    @Test
    void chatActionAndCallbackAnswer() throws Exception {
        assertThat(client.sendChatAction(1, ActionType.UPLOAD_VIDEO).await().isSent())
                .isTrue();
        assertThat(client.answerCallbackQuery("cbq-1", "Trying again...")
                        .await()
                        .isSent())
                .isTrue();
        assertThat(telegram.requests("sendChatAction").get(0).json().getString("action"))
                .isEqualTo("upload_video");
        assertThat(telegram.requests("answerCallbackQuery").get(0).json().getString("callback_query_id"))
                .isEqualTo("cbq-1");
    }

    @Test
    void failureMessageCarriesARetryButton() throws Exception {
        client.sendMessageWithRetryButton(9, "Sorry, the video could not be made", "Try again", "tg-900001")
                .await();
        JsonObject button = telegram.requests("sendMessage")
                .get(0)
                .json()
                .getJsonObject("reply_markup")
                .getJsonArray("inline_keyboard")
                .getJsonArray(0)
                .getJsonObject(0);
        assertThat(button.getString("text")).isEqualTo("Try again");
        assertThat(button.getString("callback_data")).isEqualTo("retry:tg-900001");
    }

    @Test
    void rateLimitIsRetriedAfterRetryAfter() throws Exception {
        telegram.tooManyRequests("sendMessage", 1, 1);
        TelegramResult result = client.sendMessage(1, "hello there").await();
        assertThat(result.isSent()).isTrue();
        List<FakeTelegramBotApi.Request> calls = telegram.requests("sendMessage");
        assertThat(calls).hasSize(2);
        assertThat(Duration.between(calls.get(0).receivedAt(), calls.get(1).receivedAt()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void longRetryAfterIsReturnedNotWaited() throws Exception {
        telegram.tooManyRequests("sendMessage", 1, 3600);
        assertThat(client.sendMessage(1, "hello there").await()).isEqualTo(new TelegramResult.RateLimited(3600));
        assertThat(telegram.requests("sendMessage")).hasSize(1);
    }

    @Test
    void blockedBotIsReported() throws Exception {
        telegram.blockedByUser("sendMessage");
        assertThat(client.sendMessage(1, "hello there").await())
                .isEqualTo(new TelegramResult.Blocked("Forbidden: bot was blocked by the user"));
    }

    @Test
    void serverErrorsAreRetriedThenReported() throws Exception {
        telegram.failNext("editMessageText", 1, 502, "Bad Gateway", null);
        assertThat(client.editMessageText(1, 5, "Uploading the video...")
                        .await()
                        .isSent())
                .isTrue();
        telegram.failNext("editMessageText", 3, 500, "Internal Server Error", null);
        assertThat(client.editMessageText(1, 5, "Uploading the video...").await())
                .isEqualTo(new TelegramResult.Failed(500, "Internal Server Error"));
        assertThat(telegram.requests("editMessageText")).hasSize(5);
    }

    @Test
    void badRequestIsNotRetried() throws Exception {
        telegram.failNext("editMessageText", 1, 400, "Bad Request: message is not modified", null);
        assertThat(client.editMessageText(1, 5, "same").await())
                .isEqualTo(new TelegramResult.Failed(400, "Bad Request: message is not modified"));
        assertThat(telegram.requests("editMessageText")).hasSize(1);
    }

    @Test
    void smallVideoGoesByUrl() throws Exception {
        TelegramVideo video = new TelegramVideo(
                "https://storage.example/v.mp4?X-Amz-Signature=abc",
                3_000_000,
                "video/mp4",
                "video.mp4",
                "Your video: derivative of x^2");
        assertThat(client.sendVideo(77, video).await().isSent()).isTrue();
        FakeTelegramBotApi.Request request = telegram.requests("sendVideo").get(0);
        assertThat(request.json().getString("video")).isEqualTo(video.url());
        assertThat(request.json().getString("caption")).isEqualTo("Your video: derivative of x^2");
        assertThat(request.json().getLong("chat_id")).isEqualTo(77L);
    }

    @Test
    void videoOverTwentyMegabytesIsDownloadedAndUploaded(Vertx vertx) throws Exception {
        int size = 21 * 1024 * 1024;
        Buffer bytes = Buffer.buffer(new byte[size]);
        storage = vertx.createHttpServer()
                .requestHandler(req ->
                        req.response().putHeader("Content-Type", "video/mp4").end(bytes))
                .listen(0, "127.0.0.1")
                .await();
        String url = "http://127.0.0.1:" + storage.actualPort() + "/videojobs/default/tg-1/video.mp4?X-Amz-Signature=x";
        TelegramVideo video = new TelegramVideo(url, size, "video/mp4", "video.mp4", "Your video");
        assertThat(client.sendVideo(77, video).await().isSent()).isTrue();
        FakeTelegramBotApi.Request request = telegram.requests("sendVideo").get(0);
        assertThat(request.contentType()).startsWith("multipart/form-data");
        assertThat(request.form()).containsEntry("chat_id", "77").containsEntry("caption", "Your video");
        assertThat(request.uploadSizes()).containsEntry("video", (long) size);
    }

    @Test
    void videoOverFiftyMegabytesIsTooLargeAndNothingIsSent() throws Exception {
        TelegramVideo video =
                new TelegramVideo("http://127.0.0.1:1/v.mp4", 51L * 1024 * 1024, "video/mp4", "v.mp4", null);
        assertThat(client.sendVideo(77, video).await()).isEqualTo(new TelegramResult.TooLarge(51L * 1024 * 1024));
        assertThat(telegram.requests()).isEmpty();
    }
}
