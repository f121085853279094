package io.manimvideo.ingress.whatsapp;

import static io.manimvideo.ingress.chat.BotTestEnvironment.WHATSAPP_APP_SECRET;
import static io.manimvideo.ingress.chat.BotTestEnvironment.WHATSAPP_VERIFY_TOKEN;
import static io.manimvideo.ingress.fakes.WhatsAppPayloads.messagesValue;
import static io.manimvideo.ingress.fakes.WhatsAppPayloads.text;
import static io.manimvideo.ingress.fakes.WhatsAppPayloads.webhook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.manimvideo.api.ErrorInfo;
import io.manimvideo.api.FailureReason;
import io.manimvideo.api.Phase;
import io.manimvideo.api.Platform;
import io.manimvideo.api.VideoFacts;
import io.manimvideo.api.VideoJob;
import io.manimvideo.ingress.chat.BotTestEnvironment;
import io.manimvideo.ingress.fakes.FakeWhatsAppCloudApi;
import io.manimvideo.ingress.fakes.WhatsAppPayloads;
import io.manimvideo.ingress.jobs.JobNames;
import io.manimvideo.ingress.testsupport.RedisServerExtension;
import io.manimvideo.ingress.testsupport.RenderedVideos;
import io.manimvideo.localinfra.redis.RedisServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisServerExtension.class)
class WhatsAppIngressTest {
    private static final String ADA = "5511987654321";
    private static final String BEN = "4915112345678";

    private static final Duration WAIT = Duration.ofSeconds(15);

    private final WhatsAppSignature signer = new WhatsAppSignature(WHATSAPP_APP_SECRET);
    private BotTestEnvironment env;

    @BeforeEach
    void start(RedisServer redis) throws Exception {
        env = new BotTestEnvironment(redis);
    }

    @AfterEach
    void stop() throws Exception {
        env.close();
    }

    private HttpResponse<Buffer> post(String body) throws Exception {
        return env.postWhatsApp(signer.sign(Buffer.buffer(body)), body);
    }

    private List<String> textsTo(String waId) {
        return env.whatsapp.requests().stream()
                .filter(r -> waId.equals(r.to()) && "text".equals(r.type()))
                .map(r -> r.body().getJsonObject("text").getString("body"))
                .toList();
    }

    @Test
    void verificationEchoesTheChallengeForTheRightTokenOnly() throws Exception {
        HttpResponse<Buffer> ok = env.http
                .getAbs(env.url("/webhooks/whatsapp"))
                .addQueryParam("hub.mode", "subscribe")
                .addQueryParam("hub.verify_token", WHATSAPP_VERIFY_TOKEN)
                .addQueryParam("hub.challenge", "1158201444")
                .send()
                .await();
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.bodyAsString()).isEqualTo("1158201444");
        HttpResponse<Buffer> wrong = env.http
                .getAbs(env.url("/webhooks/whatsapp"))
                .addQueryParam("hub.mode", "subscribe")
                .addQueryParam("hub.verify_token", "guess")
                .addQueryParam("hub.challenge", "1158201444")
                .send()
                .await();
        assertThat(wrong.statusCode()).isEqualTo(403);
    }

    @Test
    void wrongOrMissingSignatureIsRefusedAndNothingIsRecorded() throws Exception {
        String body = webhook(messagesValue(text("wamid.S1", ADA, "show that 1+2+...+n = n(n+1)/2")));
        String forged = new WhatsAppSignature("someone-else").sign(Buffer.buffer(body));
        assertThat(env.postWhatsApp(forged, body).statusCode()).isEqualTo(401);
        assertThat(env.postWhatsApp(null, body).statusCode()).isEqualTo(401);
        // signed, then changed on the way
        String signature = signer.sign(Buffer.buffer(body));
        assertThat(env.postWhatsApp(signature, body.replace("n(n+1)/2", "n^2")).statusCode())
                .isEqualTo(401);
        assertThat(env.redisKeyCount()).isZero();
        assertThat(env.videoJobs()).isEmpty();
        assertThat(env.whatsapp.requests()).isEmpty();
    }

    @Test
    void malformedDeeplyNestedAndOversizedBodiesAre4xxEvenWhenSigned() throws Exception {
        assertThat(post("{\"object\":\"whatsapp_business_account\",\"entry\":[").statusCode())
                .isEqualTo(400);
        String deep = "{\"object\":\"whatsapp_business_account\",\"entry\":[],\"x\":" + "[".repeat(2000)
                + "]".repeat(2000) + "}";
        assertThat(post(deep).statusCode()).isEqualTo(400);
        String huge = webhook(messagesValue(text("wamid.H1", ADA, "y".repeat(1_100_000))));
        assertThat(post(huge).statusCode()).isEqualTo(413);
        assertThat(env.videoJobs()).isEmpty();
        assertThat(env.whatsapp.requests()).isEmpty();
    }

    @Test
    void everyTextMessageInAPostBecomesOneJobEvenWhenRedelivered() throws Exception {
        String body = """
        {"object":"whatsapp_business_account","entry":[
          {"id":"1","changes":[{"field":"messages","value":%s}]},
          {"id":"2","changes":[{"field":"messages","value":%s}]}]}
        """.formatted(
                        messagesValue(
                                text("wamid.A1", ADA, "show that 1+2+...+n = n(n+1)/2"),
                                text("wamid.A2", ADA, "why is e^(i*pi) = -1 ?")),
                        messagesValue(text("wamid.B1", BEN, "area under y = x^2 from 0 to 1")));
        assertThat(post(body).statusCode()).isEqualTo(200);
        assertThat(post(body).statusCode()).isEqualTo(200);
        List<VideoJob> jobs = env.videoJobs();
        assertThat(jobs)
                .extracting(j -> j.getMetadata().getName())
                .containsExactlyInAnyOrder(
                        JobNames.of(Platform.WHATSAPP, null, "wamid.A1"),
                        JobNames.of(Platform.WHATSAPP, null, "wamid.A2"),
                        JobNames.of(Platform.WHATSAPP, null, "wamid.B1"));
        assertThat(jobs).allSatisfy(j -> assertThat(j.getSpec().getPlatform()).isEqualTo(Platform.WHATSAPP));
        assertThat(jobs)
                .allSatisfy(j -> assertThat(
                                env.kubernetes.getKubernetesSerialization().asJson(j))
                        .doesNotContain(ADA)
                        .doesNotContain(BEN));
        // two people, two sessions
        assertThat(jobs.stream().map(j -> j.getSpec().getSessionId()).distinct())
                .hasSize(2);
        assertThat(env.redisKeyExists("sessions:by_whatsapp:+" + ADA)).isTrue();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> textsTo(ADA).size() + textsTo(BEN).size() == 3);
        Thread.sleep(300);
        assertThat(textsTo(ADA)).hasSize(2).allSatisfy(t -> assertThat(t).contains("queued"));
        assertThat(textsTo(BEN)).hasSize(1);
    }

    @Test
    void picturesGetAReplyStatusesAndReactionsDoNot() throws Exception {
        String image = WhatsAppPayloads.message(
                "wamid.I1", ADA, "image", "\"image\":{\"id\":\"9\",\"mime_type\":\"image/jpeg\",\"sha256\":\"x\"}");
        String reaction = WhatsAppPayloads.message(
                "wamid.R1", ADA, "reaction", "\"reaction\":{\"message_id\":\"wamid.X\",\"emoji\":\"+\"}");
        String statuses = """
        {"messaging_product":"whatsapp","metadata":{"display_phone_number":"1","phone_number_id":"2"},
         "statuses":[{"id":"wamid.S2","status":"failed","timestamp":"1767225601","recipient_id":"%s",
                      "errors":[{"code":131047,"title":"Re-engagement message"}]}]}
        """.formatted(ADA);
        assertThat(post(webhook(messagesValue(image, reaction), statuses)).statusCode())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> !textsTo(ADA).isEmpty());
        Thread.sleep(300);
        assertThat(textsTo(ADA)).hasSize(1).first().asString().contains("cannot read photos");
        assertThat(env.videoJobs()).isEmpty();
    }

    @Test
    void tooShortProblemGetsTheLimits() throws Exception {
        assertThat(post(webhook(messagesValue(text("wamid.T1", ADA, "x^2")))).statusCode())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> !textsTo(ADA).isEmpty());
        assertThat(textsTo(ADA).get(0)).contains("10 to 5,000");
        assertThat(env.videoJobs()).isEmpty();
    }

    @Test
    void redisDownGives503AndTheRedeliveryIsTakenIn() throws Exception {
        String body = webhook(messagesValue(text("wamid.D1", ADA, "integrate x * e^x by parts")));
        env.redisServer.stop();
        assertThat(post(body).statusCode()).isEqualTo(503);
        env.redisServer.start();
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> post(body).statusCode() == 200);
        assertThat(env.videoJobs())
                .extracting(j -> j.getMetadata().getName())
                .containsExactly(JobNames.of(Platform.WHATSAPP, null, "wamid.D1"));
    }

    private String submitAndName(String wamid) throws Exception {
        post(webhook(messagesValue(text(wamid, ADA, "show that the angles of a triangle sum to 180"))));
        await().atMost(WAIT).until(() -> !env.whatsapp.requests().isEmpty());
        env.whatsapp.reset();
        return JobNames.of(Platform.WHATSAPP, null, wamid);
    }

    private List<FakeWhatsAppCloudApi.Request> awaitRequests(int count) {
        await().atMost(WAIT).until(() -> env.whatsapp.requests().size() >= count);
        return env.whatsapp.requests();
    }

    @Test
    void renderingIsToldAndReadyWithoutAStoredVideoGetsTheServiceLink() throws Exception {
        String job = submitAndName("wamid.V1");
        env.setStatus(job, s -> s.setPhase(Phase.AI_GENERATING));
        env.setStatus(job, s -> s.setPhase(Phase.RENDERING));
        awaitRequests(1);
        env.setStatus(job, s -> s.setPhase(Phase.READY));
        awaitRequests(2);
        assertThat(textsTo(ADA))
                .satisfiesExactly(
                        t -> assertThat(t).startsWith("Rendering"),
                        t -> assertThat(t).contains("/api/v1/jobs/" + job + "/video"));
    }

    @Test
    void readyVideoGoesByLinkWithCaption() throws Exception {
        String job = submitAndName("wamid.V2");
        String key = "videojobs/videos/" + job + "/u/video.mp4";
        env.setStatus(job, s -> {
            s.setPhase(Phase.READY);
            s.setVideo(RenderedVideos.at(key, RenderedVideos.SIZE_BYTES));
        });
        FakeWhatsAppCloudApi.Request sent = awaitRequests(1).get(0);
        assertThat(sent.type()).isEqualTo("video");
        assertThat(sent.to()).isEqualTo(ADA);
        assertThat(sent.body().getJsonObject("video").getString("link"))
                .contains(key)
                .contains("X-Amz-Signature=");
        assertThat(sent.body().getJsonObject("video").getString("caption")).contains("angles of a triangle");
        await().atMost(WAIT).until(() -> delivered(job));
    }

    @Test
    void transcriptFillsTheVideoCaptionAndTheRestFollowsAsTexts() throws Exception {
        String job = submitAndName("wamid.V3");
        String key = "videojobs/videos/" + job + "/u/video.mp4";
        String transcriptKey = "videojobs/videos/" + job + "/u/transcript.txt";
        // one line longer than a whole text message is cut between characters, nothing lost
        String longLine = "A".repeat(5000);
        List<String> lines =
                List.of("First, write the difference quotient.", longLine, "So the derivative of x squared is 2x.");
        env.storage.putText(transcriptKey, String.join("\n", lines), "text/plain");
        env.setStatus(job, s -> {
            s.setPhase(Phase.READY);
            VideoFacts facts = RenderedVideos.at(key, RenderedVideos.SIZE_BYTES);
            facts.setTranscriptKey(transcriptKey);
            s.setVideo(facts);
        });
        List<FakeWhatsAppCloudApi.Request> sent = awaitRequests(3);
        assertThat(sent).extracting(FakeWhatsAppCloudApi.Request::type).containsExactly("video", "text", "text");
        String caption = sent.get(0).body().getJsonObject("video").getString("caption");
        assertThat(caption)
                .hasSizeLessThanOrEqualTo(1024)
                .contains("angles of a triangle")
                .endsWith("First, write the difference quotient.");
        List<String> texts = sent.subList(1, 3).stream()
                .map(r -> r.body().getJsonObject("text").getString("body"))
                .toList();
        assertThat(texts).allSatisfy(t -> assertThat(t).hasSizeLessThanOrEqualTo(4096));
        assertThat(texts.get(0) + texts.get(1))
                .isEqualTo(longLine.substring(0, 4096) + longLine.substring(4096) + "\n"
                        + "So the derivative of x squared is 2x.");
        await().atMost(WAIT).until(() -> delivered(job));
    }

    private boolean delivered(String job) {
        var annotations = env.videoJob(job).getMetadata().getAnnotations();
        return annotations != null && annotations.containsKey(VideoJob.DELIVERED_ANNOTATION);
    }

    @Test
    void videoOverSixteenMegabytesIsSentAsALink() throws Exception {
        String job = submitAndName("wamid.V3");
        String key = "videojobs/videos/" + job + "/u/video.mp4";
        env.setStatus(job, s -> {
            s.setPhase(Phase.READY);
            s.setVideo(RenderedVideos.at(key, 16L * 1024 * 1024 + 1));
        });
        FakeWhatsAppCloudApi.Request sent = awaitRequests(1).get(0);
        assertThat(sent.type()).isEqualTo("text");
        assertThat(sent.body().getJsonObject("text").getString("body"))
                .contains("Your video is ready: http")
                .contains(key);
    }

    @Test
    void failureComesWithARetryButtonThatResubmits() throws Exception {
        String job = submitAndName("wamid.F1");
        env.setStatus(job, s -> {
            s.setPhase(Phase.FAILED);
            s.setLastError(
                    new ErrorInfo(FailureReason.RENDER_ERROR, 12, null, 4).withDetail("LaTeX failed on \\fracc"));
        });
        JsonObject interactive = awaitRequests(1).get(0).body().getJsonObject("interactive");
        assertThat(interactive.getJsonObject("body").getString("text"))
                .contains("fracc")
                .contains("line 12");
        String buttonId = interactive
                .getJsonObject("action")
                .getJsonArray("buttons")
                .getJsonObject(0)
                .getJsonObject("reply")
                .getString("id");
        assertThat(buttonId).isEqualTo("retry:" + job);
        String press = WhatsAppPayloads.message(
                "wamid.F2",
                ADA,
                "interactive",
                "\"interactive\":{\"type\":\"button_reply\",\"button_reply\":{\"id\":\"" + buttonId
                        + "\",\"title\":\"Try again\"}}");
        assertThat(post(webhook(messagesValue(press))).statusCode()).isEqualTo(200);
        VideoJob retried = env.videoJob(JobNames.of(Platform.WHATSAPP, null, "wamid.F2"));
        assertThat(retried.getSpec().getProblemText()).isEqualTo("show that the angles of a triangle sum to 180");
    }

    @Test
    void closedCustomerServiceWindowIsRecordedNotRetried() throws Exception {
        String job = submitAndName("wamid.W1");
        env.whatsapp.outsideCustomerServiceWindow();
        env.setStatus(job, s -> s.setPhase(Phase.RENDERING));
        awaitRequests(1);
        env.touch(job);
        Thread.sleep(1500);
        assertThat(env.whatsapp.requests()).hasSize(1);
    }

    @Test
    void videoOutsideTheWindowIsNotRecordedAsDelivered() throws Exception {
        String job = submitAndName("wamid.W3");
        env.whatsapp.outsideCustomerServiceWindow();
        env.setStatus(job, s -> {
            s.setPhase(Phase.READY);
            s.setVideo(RenderedVideos.at("videojobs/videos/" + job + "/u/video.mp4", 1_000_000));
        });
        awaitRequests(1);
        Thread.sleep(1000);
        assertThat(delivered(job)).isFalse();
        // once the person writes again the window is open: the next event delivers it
        env.touch(job);
        await().atMost(WAIT).until(() -> delivered(job));
        assertThat(env.whatsapp.requests())
                .extracting(FakeWhatsAppCloudApi.Request::type)
                .containsExactly("video", "video");
    }

    @Test
    void rateLimitedNotificationIsSentAgainOnTheNextEvent() throws Exception {
        String job = submitAndName("wamid.W2");
        env.whatsapp.pairRateLimited();
        env.setStatus(job, s -> s.setPhase(Phase.EXPIRED));
        awaitRequests(1);
        Thread.sleep(500);
        env.touch(job);
        awaitRequests(2);
        assertThat(textsTo(ADA)).hasSize(2).allSatisfy(t -> assertThat(t).contains("expired"));
    }
}
