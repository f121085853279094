package io.manimvideo.ingress.telegram;

import static io.manimvideo.ingress.chat.BotTestEnvironment.TELEGRAM_SECRET;
import static io.manimvideo.ingress.fakes.TelegramPayloads.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.manimvideo.api.Phase;
import io.manimvideo.api.Platform;
import io.manimvideo.api.SubmissionType;
import io.manimvideo.api.VideoJob;
import io.manimvideo.ingress.chat.BotTestEnvironment;
import io.manimvideo.ingress.fakes.WhatsAppPayloads;
import io.manimvideo.ingress.testsupport.MockKubernetesApi;
import io.manimvideo.ingress.testsupport.RedisServerExtension;
import io.manimvideo.ingress.whatsapp.WhatsAppSignature;
import io.manimvideo.localinfra.redis.RedisServer;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Command;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisServerExtension.class)
class TelegramWebhookTest {
    private static final long CHAT = 4242001L;
    private static final String SCENE =
            "from manim import *\n\nclass A(Scene):\n    def construct(self):\n        self.wait()\n";

    private BotTestEnvironment env;

    @BeforeEach
    void start(RedisServer redis) throws Exception {
        env = new BotTestEnvironment(redis);
    }

    @AfterEach
    void stop() throws Exception {
        env.close();
    }

    private List<String> repliesTo(long chatId) {
        return env.telegramRepliesTo(chatId);
    }

    /** Each body {@code times} times, all at once (Telegram redelivering concurrently); every answer must be 200. */
    private void postAtOnce(List<String> bodies, int times) {
        List<Future<HttpResponse<Buffer>>> posts = new ArrayList<>();
        for (int round = 0; round < times; round++) {
            for (String body : bodies) {
                posts.add(env.http
                        .postAbs(env.url("/webhooks/telegram"))
                        .putHeader("Content-Type", "application/json")
                        .putHeader("X-Telegram-Bot-Api-Secret-Token", TELEGRAM_SECRET)
                        .sendBuffer(Buffer.buffer(body)));
            }
        }
        Future.all(posts).await();
        assertThat(posts).allSatisfy(p -> assertThat(p.result().statusCode()).isEqualTo(200));
    }

    @Test
    void sameUpdateTwentyTimesAtOnceMakesOneVideoJobAndOneReply() throws Exception {
        postAtOnce(List.of(text(900001, CHAT, "show why the derivative of x^2 is 2x")), 20);
        List<VideoJob> jobs = env.videoJobs();
        assertThat(jobs).hasSize(1);
        VideoJob job = jobs.get(0);
        assertThat(job.getMetadata().getName()).isEqualTo("tg-900001");
        assertThat(job.getSpec().getPlatform()).isEqualTo(Platform.TELEGRAM);
        assertThat(job.getSpec().getSubmissionType()).isEqualTo(SubmissionType.PROBLEM);
        assertThat(job.getSpec().getProblemText()).isEqualTo("show why the derivative of x^2 is 2x");
        // the chat id stays in Redis: the VideoJob carries only the session id
        assertThat(env.kubernetes.getKubernetesSerialization().asJson(job)).doesNotContain(Long.toString(CHAT));
        assertThat(env.redisKeyExists("sessions:by_telegram:" + CHAT)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> !repliesTo(CHAT).isEmpty());
        Thread.sleep(300);
        assertThat(repliesTo(CHAT)).hasSize(1).first().asString().contains("queued");
    }

    @Test
    void wrongOrMissingSecretIsRefusedAndNothingIsRecorded() throws Exception {
        String body = text(900002, CHAT, "show why the derivative of x^2 is 2x");
        HttpResponse<Buffer> wrong = env.postTelegram("not-the-secret", body);
        HttpResponse<Buffer> missing = env.postTelegram(null, body);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.getHeader("Content-Type")).startsWith("application/problem+json");
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(env.redisKeyCount()).isZero();
        assertThat(env.videoJobs()).isEmpty();
        assertThat(env.telegram.requests()).isEmpty();
    }

    @Test
    void malformedDeeplyNestedAndOversizedBodiesAre4xx() throws Exception {
        assertThat(env.postTelegram(TELEGRAM_SECRET, "{\"update_id\": 1, \"message\": ")
                        .statusCode())
                .isEqualTo(400);
        assertThat(env.postTelegram(TELEGRAM_SECRET, "{\"message\":{}}").statusCode())
                .isEqualTo(400);
        String deep = "{\"update_id\":3,\"message\":" + "{\"a\":".repeat(2000) + "1" + "}".repeat(2000) + "}";
        assertThat(env.postTelegram(TELEGRAM_SECRET, deep).statusCode()).isEqualTo(400);
        String huge = text(900004, CHAT, "x".repeat(1_100_000));
        assertThat(env.postTelegram(TELEGRAM_SECRET, huge).statusCode()).isEqualTo(413);
        assertThat(env.videoJobs()).isEmpty();
    }

    @Test
    void redisDownGives503AndTheRedeliveredUpdateIsTakenIn() throws Exception {
        String body = text(900005, CHAT, "integrate x * e^x by parts");
        env.redisServer.stop();
        assertThat(env.postTelegram(TELEGRAM_SECRET, body).statusCode()).isEqualTo(503);
        assertThat(env.videoJobs()).isEmpty();
        env.redisServer.start();
        // Telegram redelivers until it gets a 2xx
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> env.postTelegram(TELEGRAM_SECRET, body).statusCode() == 200);
        assertThat(env.videoJobs()).extracting(j -> j.getMetadata().getName()).containsExactly("tg-900005");
    }

    @Test
    void aRedeliveryOfAnUpdateThisReplicaTookInIsAcknowledgedEvenWithoutRedis() throws Exception {
        String body = text(900008, CHAT, "integrate x * e^x by parts");
        assertThat(env.postTelegram(TELEGRAM_SECRET, body).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> !repliesTo(CHAT).isEmpty());
        env.redisServer.stop();
        try {
            // taken in already: Telegram's redelivery needs no lookup, so it is not bounced with a 503
            assertThat(env.postTelegram(TELEGRAM_SECRET, body).statusCode()).isEqualTo(200);
            // a new update still needs Redis, and says so
            assertThat(env.postTelegram(TELEGRAM_SECRET, text(900009, CHAT, "integrate x^2 by parts"))
                            .statusCode())
                    .isEqualTo(503);
        } finally {
            env.redisServer.start();
        }
        Thread.sleep(300);
        assertThat(env.videoJobs()).extracting(j -> j.getMetadata().getName()).containsExactly("tg-900008");
        assertThat(repliesTo(CHAT)).hasSize(1);
    }

    @Test
    void anUpdateIsAcknowledgedWhileTheApiServerIsDownAndKeptUntilItCanBeTakenIn(RedisServer redis) throws Exception {
        // The fabric8 mock, not the real API server: the outage is staged by closing the API server under the
        // ingress, which would take the JVM's shared control plane away from every other test.
        env.close();
        env = new BotTestEnvironment(redis, new MockKubernetesApi(), overrides -> {});
        env.api.close();
        // recorded in Redis: Telegram need not send it again, and the job is made when the API server is back
        // (WebhookWorkerTest shows the retry)
        assertThat(env.postTelegram(TELEGRAM_SECRET, text(900070, CHAT, "integrate x * e^x by parts"))
                        .statusCode())
                .isEqualTo(200);
        // what needs no API server is answered meanwhile
        assertThat(env.postTelegram(TELEGRAM_SECRET, text(900071, CHAT, "/help"))
                        .statusCode())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> !repliesTo(CHAT).isEmpty());
        assertThat(env.webhooksQueued(Platform.TELEGRAM)).isEqualTo(1);
        assertThat(repliesTo(CHAT)).hasSize(1);
    }

    @Test
    void tooShortAndTooLongTextGetTheLimitsAndNoJob() throws Exception {
        assertThat(env.postTelegram(TELEGRAM_SECRET, text(900006, CHAT, "x^2?")).statusCode())
                .isEqualTo(200);
        assertThat(env.postTelegram(TELEGRAM_SECRET, text(900007, CHAT, "y".repeat(5001)))
                        .statusCode())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> repliesTo(CHAT).size() == 2);
        assertThat(repliesTo(CHAT)).allSatisfy(reply -> assertThat(reply).contains("10 to 5,000"));
        assertThat(env.videoJobs()).isEmpty();
    }

    @Test
    void directCodeFollowsThePlatformFlag() throws Exception {
        assertThat(env.postTelegram(TELEGRAM_SECRET, text(900008, CHAT, "/code " + SCENE))
                        .statusCode())
                .isEqualTo(200);
        assertThat(env.videoJob("tg-900008").getSpec().getManimCode()).isEqualTo(SCENE.strip());
        env.redis(Command.HSET, "config:platform:telegram", "direct_code_enabled", "false");
        assertThat(env.postTelegram(TELEGRAM_SECRET, text(900009, CHAT, SCENE)).statusCode())
                .isEqualTo(200);
        assertThat(env.videoJob("tg-900009")).isNull();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> repliesTo(CHAT).stream().anyMatch(r -> r.contains("switched off")));
    }

    @Test
    void rateLimitGetsAFriendlyReplyOncePerWindow() throws Exception {
        // default burst: 3
        for (int i = 0; i < 12; i++) {
            assertThat(env.postTelegram(
                                    TELEGRAM_SECRET, text(900010 + i, CHAT, "problem number " + i + " about limits"))
                            .statusCode())
                    .isEqualTo(200);
        }
        assertThat(env.videoJobs()).hasSize(3);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> repliesTo(CHAT).stream().anyMatch(r -> r.contains("try again in")));
        Thread.sleep(500);
        assertThat(repliesTo(CHAT).stream().filter(r -> r.contains("try again in")))
                .hasSize(1);
        assertThat(repliesTo(CHAT).stream().filter(r -> r.contains("queued"))).hasSize(3);
    }

    @Test
    void everyKindOfReplyIsSentOnceHoweverOftenTheUpdateIsRedelivered() throws Exception {
        String edited = """
        {"update_id":900060,"edited_message":{"message_id":3,"date":1767225600,"edit_date":1767225700,
          "from":{"id":%d,"is_bot":false,"first_name":"A"},"chat":{"id":%d,"type":"private"},"text":"edited problem"}}
        """.formatted(CHAT, CHAT);
        List<String> bodies = List.of(
                edited,
                text(900061, CHAT, "x^2"),
                io.manimvideo.ingress.fakes.TelegramPayloads.photo(900062, CHAT, "solve this"),
                text(900063, CHAT, "/help"),
                text(900064, CHAT, "show that the sum of two even numbers is even"));
        postAtOnce(bodies, 20);
        await().atMost(Duration.ofSeconds(10)).until(() -> repliesTo(CHAT).size() >= bodies.size());
        Thread.sleep(1000);
        List<String> replies = repliesTo(CHAT);
        assertThat(replies).hasSize(bodies.size());
        assertThat(replies)
                .anySatisfy(r -> assertThat(r).contains("edits do not start"))
                .anySatisfy(r -> assertThat(r).contains("10 to 5,000"))
                .anySatisfy(r -> assertThat(r).contains("cannot read photos"))
                .anySatisfy(r -> assertThat(r).startsWith("How to use me"))
                .anySatisfy(r -> assertThat(r).contains("queued"));
        assertThat(env.videoJobs()).hasSize(1);
    }

    @Test
    void commandsAreAnsweredAlsoWithTheBotName() throws Exception {
        env.postTelegram(TELEGRAM_SECRET, text(900020, CHAT, "/start"));
        env.postTelegram(TELEGRAM_SECRET, text(900021, CHAT, "/help@ManimVideoBot"));
        // a language the catalog does not speak: the videos follow it, the replies stay in English (a spoken one
        // would make the replies racing with it German or English; TelegramInSpanishTest covers that)
        env.postTelegram(TELEGRAM_SECRET, text(900022, CHAT, "/language ja"));
        env.postTelegram(TELEGRAM_SECRET, text(900023, CHAT, "/status"));
        await().atMost(Duration.ofSeconds(10)).until(() -> repliesTo(CHAT).size() == 4);
        assertThat(repliesTo(CHAT))
                .anySatisfy(r -> assertThat(r).startsWith("Hi!"))
                .anySatisfy(r -> assertThat(r).startsWith("How to use me"))
                .anySatisfy(r -> assertThat(r).contains("will be in ja").contains("replies stay in English"))
                .anySatisfy(r -> assertThat(r).contains("no videos yet"));
        env.postTelegram(TELEGRAM_SECRET, text(900024, CHAT, "what is the area of a unit circle?"));
        assertThat(env.videoJob("tg-900024").getSpec().getLanguage()).isEqualTo("ja");
    }

    @Test
    void helpSaysHowToAskForAVoiceAndVoiceOnNarratesTheNextVideos() throws Exception {
        env.postTelegram(TELEGRAM_SECRET, text(900040, CHAT, "/help"));
        await().atMost(Duration.ofSeconds(10)).until(() -> repliesTo(CHAT).size() == 1);
        assertThat(repliesTo(CHAT).get(0)).contains("/voice on").contains("audio description");
        env.postTelegram(TELEGRAM_SECRET, text(900041, CHAT, "/voice on"));
        await().atMost(Duration.ofSeconds(10)).until(() -> repliesTo(CHAT).size() == 2);
        assertThat(repliesTo(CHAT).get(1)).contains("a voice will read every step and the answer aloud");
        env.postTelegram(TELEGRAM_SECRET, text(900042, CHAT, "what is the area of a unit circle?"));
        assertThat(env.videoJob("tg-900042").getSpec().getAccessibility().isAudioDescription())
                .isTrue();
        env.postTelegram(TELEGRAM_SECRET, text(900043, CHAT, "/voice"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> repliesTo(CHAT).stream().anyMatch(r -> r.startsWith("Audio description is on.")));
        env.postTelegram(TELEGRAM_SECRET, text(900044, CHAT, "/voice off"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> repliesTo(CHAT).stream().anyMatch(r -> r.contains("will have no voice")));
        env.postTelegram(TELEGRAM_SECRET, text(900045, CHAT, "what is the area of a circle of radius 2?"));
        assertThat(env.videoJob("tg-900045").getSpec().getAccessibility().isAudioDescription())
                .isFalse();
    }

    @Test
    void historyAndCancel() throws Exception {
        env.postTelegram(TELEGRAM_SECRET, text(900050, CHAT, "why is the harmonic series divergent?"));
        env.postTelegram(TELEGRAM_SECRET, text(900051, CHAT, "/history"));
        env.postTelegram(TELEGRAM_SECRET, text(900052, CHAT, "/cancel"));
        await().atMost(Duration.ofSeconds(10)).until(() -> repliesTo(CHAT).size() == 3);
        assertThat(repliesTo(CHAT))
                .anySatisfy(r -> assertThat(r).contains("Your recent videos").contains("harmonic series"))
                .anySatisfy(r -> assertThat(r).startsWith("Cancelled").contains("harmonic series"));
        // cancelling is deleting the VideoJob
        assertThat(env.videoJob("tg-900050")).isNull();
        // a redelivered command does not act twice
        env.postTelegram(TELEGRAM_SECRET, text(900051, CHAT, "/history"));
        Thread.sleep(300);
        assertThat(repliesTo(CHAT)).hasSize(3);
    }

    @Test
    void linkCodeJoinsTelegramAndWhatsAppInOneSession() throws Exception {
        env.postTelegram(TELEGRAM_SECRET, text(900060, CHAT, "/link"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !repliesTo(CHAT).isEmpty());
        Matcher code = Pattern.compile("link code is ([A-Z0-9]{8})")
                .matcher(repliesTo(CHAT).get(0));
        assertThat(code.find()).isTrue();
        String body = WhatsAppPayloads.webhook(WhatsAppPayloads.messagesValue(
                WhatsAppPayloads.text("wamid.L1", "5511987654321", "/link " + code.group(1)),
                WhatsAppPayloads.text("wamid.L2", "5511987654321", "what is the derivative of sin x?")));
        String signature = new WhatsAppSignature(BotTestEnvironment.WHATSAPP_APP_SECRET).sign(Buffer.buffer(body));
        assertThat(env.postWhatsApp(signature, body).statusCode()).isEqualTo(200);
        env.postTelegram(TELEGRAM_SECRET, text(900061, CHAT, "what is the derivative of cos x?"));
        List<VideoJob> jobs = env.videoJobs();
        assertThat(jobs).hasSize(2);
        assertThat(jobs.stream().map(j -> j.getSpec().getSessionId()).distinct())
                .hasSize(1);
    }

    @Test
    void retryButtonResubmitsAFailedJob() throws Exception {
        env.postTelegram(TELEGRAM_SECRET, text(900030, CHAT, "sum of the first n odd numbers is n^2"));
        env.awaitWebhooksTakenIn();
        env.setStatus("tg-900030", s -> s.setPhase(Phase.FAILED));
        String press = """
        {"update_id":900031,"callback_query":{"id":"cbq-77","chat_instance":"-5","data":"retry:tg-900030",
          "from":{"id":%d,"is_bot":false,"first_name":"Ada"},
          "message":{"message_id":12,"date":1767225600,"chat":{"id":%d,"type":"private"},"text":"Sorry"}}}
        """.formatted(CHAT, CHAT);
        assertThat(env.postTelegram(TELEGRAM_SECRET, press).statusCode()).isEqualTo(200);
        assertThat(env.videoJob("tg-900031").getSpec().getProblemText())
                .isEqualTo("sum of the first n odd numbers is n^2");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !env.telegram.requests("answerCallbackQuery").isEmpty());
        assertThat(env.telegram.requests("answerCallbackQuery").get(0).field("callback_query_id"))
                .isEqualTo("cbq-77");
    }

    @Test
    void photosStickersEditsAndMembershipUpdatesCrashNothing() throws Exception {
        String photo = """
        {"update_id":900040,"message":{"message_id":4,"date":1767225600,"from":{"id":%d,"is_bot":false,"first_name":"A"},
          "chat":{"id":%d,"type":"private"},"photo":[{"file_id":"AgAC","file_unique_id":"AQAD","width":90,"height":90}]}}
        """.formatted(CHAT, CHAT);
        String kicked = """
        {"update_id":900041,"my_chat_member":{"chat":{"id":%d,"type":"private"},"from":{"id":%d,"is_bot":false,"first_name":"A"},
          "date":1767225600,"old_chat_member":{"status":"member","user":{"id":1,"is_bot":true,"first_name":"M"}},
          "new_chat_member":{"status":"kicked","until_date":0,"user":{"id":1,"is_bot":true,"first_name":"M"}}}}
        """.formatted(CHAT + 1, CHAT + 1);
        String poll = """
        {"update_id":900042,"poll":{"id":"1","question":"q","options":[],"total_voter_count":0,"is_closed":false,
          "is_anonymous":true,"type":"regular","allows_multiple_answers":false}}
        """;
        assertThat(env.postTelegram(TELEGRAM_SECRET, photo).statusCode()).isEqualTo(200);
        assertThat(env.postTelegram(TELEGRAM_SECRET, kicked).statusCode()).isEqualTo(200);
        assertThat(env.postTelegram(TELEGRAM_SECRET, poll).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> !repliesTo(CHAT).isEmpty());
        assertThat(repliesTo(CHAT).get(0)).contains("cannot read photos");
        assertThat(env.redisKeyExists("blocked:telegram:" + (CHAT + 1))).isTrue();
        assertThat(env.videoJobs()).isEmpty();
    }
}
