package io.manimvideo.ingress.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import io.manimvideo.ingress.fakes.FakeWhatsAppCloudApi;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class WhatsAppCloudClientTest {
    private static final String TOKEN = "EAAG-test-token";
    private static final String PHONE_ID = "106540352242922";
    private static final String TO = "5511987654321";

    private FakeWhatsAppCloudApi whatsapp;
    private WebClient web;
    private WhatsAppCloudClient client;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        whatsapp = new FakeWhatsAppCloudApi(TOKEN).start(vertx).await();
        web = WebClient.create(vertx);
        client = new WhatsAppCloudClient(web, whatsapp.baseUrl(), "v21.0", PHONE_ID, TOKEN);
    }

    @AfterEach
    void stop() throws Exception {
        whatsapp.close().await();
        web.close();
    }

    @Test
    void textMessageIsPostedToThePhoneNumbersMessages() throws Exception {
        WhatsAppResult result =
                client.sendText(TO, "Got it! Your video is queued.").await();
        assertThat(result)
                .isInstanceOfSatisfying(
                        WhatsAppResult.Sent.class,
                        s -> assertThat(s.messageId()).startsWith("wamid."));
        FakeWhatsAppCloudApi.Request request = whatsapp.requests().get(0);
        assertThat(request.version()).isEqualTo("v21.0");
        assertThat(request.phoneNumberId()).isEqualTo(PHONE_ID);
        assertThat(request.to()).isEqualTo(TO);
        assertThat(request.type()).isEqualTo("text");
        assertThat(request.body().getJsonObject("text").getString("body")).isEqualTo("Got it! Your video is queued.");
    }

    @Test
    void videoGoesAsLinkWithCaption() throws Exception {
        assertThat(client.sendVideo(TO, "https://storage.example/v.mp4?sig", "Your video")
                        .await()
                        .isSent())
                .isTrue();
        JsonObject video = whatsapp.requests().get(0).body().getJsonObject("video");
        assertThat(video.getString("link")).isEqualTo("https://storage.example/v.mp4?sig");
        assertThat(video.getString("caption")).isEqualTo("Your video");
        assertThat(WhatsAppCloudClient.fitsAsVideo(16L * 1024 * 1024)).isTrue();
        assertThat(WhatsAppCloudClient.fitsAsVideo(16L * 1024 * 1024 + 1)).isFalse();
    }

    @Test
    void retryButtonIsAnInteractiveReplyButton() throws Exception {
        client.sendTextWithButton(TO, "Sorry, the video could not be made", "retry:wa-abc", "Try again")
                .await();
        JsonObject interactive = whatsapp.requests().get(0).body().getJsonObject("interactive");
        assertThat(interactive.getString("type")).isEqualTo("button");
        JsonObject reply = interactive
                .getJsonObject("action")
                .getJsonArray("buttons")
                .getJsonObject(0)
                .getJsonObject("reply");
        assertThat(reply.getString("id")).isEqualTo("retry:wa-abc");
    }

    @Test
    void closedCustomerServiceWindowIsRecognised() throws Exception {
        whatsapp.outsideCustomerServiceWindow();
        assertThat(client.sendText(TO, "Your video is ready").await())
                .isInstanceOfSatisfying(
                        WhatsAppResult.OutsideWindow.class,
                        r -> assertThat(r.details()).contains("24 hours"));
    }

    @Test
    void rateLimitsAreRecognised() throws Exception {
        whatsapp.pairRateLimited();
        assertThat(client.sendText(TO, "hello").await())
                .isInstanceOfSatisfying(
                        WhatsAppResult.RateLimited.class,
                        r -> assertThat(r.code()).isEqualTo(131056));
        whatsapp.failNext(1, 400, 130429, "(#130429) Rate limit hit", "Cloud API message throughput has been reached.");
        assertThat(client.sendText(TO, "hello").await())
                .isInstanceOfSatisfying(
                        WhatsAppResult.RateLimited.class,
                        r -> assertThat(r.code()).isEqualTo(130429));
    }

    @Test
    void otherErrorsKeepStatusAndCode(Vertx vertx) throws Exception {
        whatsapp.failNext(1, 500, 1, "An unknown error occurred", null);
        assertThat(client.sendText(TO, "hello").await())
                .isEqualTo(new WhatsAppResult.Failed(500, 1, "An unknown error occurred"));
        WhatsAppCloudClient wrongToken = new WhatsAppCloudClient(web, whatsapp.baseUrl(), "v21.0", PHONE_ID, "nope");
        assertThat(wrongToken.sendText(TO, "hello").await()).isInstanceOfSatisfying(WhatsAppResult.Failed.class, f -> {
            assertThat(f.httpStatus()).isEqualTo(401);
            assertThat(f.code()).isEqualTo(190);
        });
    }
}
