package io.manimvideo.ingress.telegram;

import static io.manimvideo.ingress.chat.BotTestEnvironment.TELEGRAM_SECRET;
import static io.manimvideo.ingress.fakes.TelegramPayloads.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.manimvideo.ingress.chat.BotTestEnvironment;
import io.manimvideo.ingress.testsupport.RedisServerExtension;
import io.manimvideo.localinfra.redis.RedisServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** TELEGRAM_MODE=polling against the fake Bot API's getUpdates: the same intake as the webhook. */
@ExtendWith(RedisServerExtension.class)
class TelegramPollingTest {
    private static final long CHAT = 6060001L;
    private static final Duration WAIT = Duration.ofSeconds(20);

    private BotTestEnvironment env;

    @BeforeEach
    void start(RedisServer redis) throws Exception {
        env = new BotTestEnvironment(redis, e -> {
            e.put("TELEGRAM_MODE", "polling");
            e.put("TELEGRAM_POLL_TIMEOUT", "PT2S");
        });
    }

    @AfterEach
    void stop() throws Exception {
        env.close();
    }

    private List<String> repliesTo(long chatId) {
        return env.telegramRepliesTo(chatId);
    }

    @Test
    void polledUpdatesMakeJobsAndRepliesOnceAndTheWebhookIsOff() throws Exception {
        await().atMost(WAIT).until(() -> !env.telegram.requests("deleteWebhook").isEmpty());
        env.telegram.deliver(text(810001, CHAT, "show why the derivative of x^2 is 2x"));
        env.telegram.deliver(text(810002, CHAT, "/help"));
        await().atMost(WAIT).until(() -> repliesTo(CHAT).size() >= 2);
        assertThat(env.videoJob("tg-810001").getSpec().getProblemText())
                .isEqualTo("show why the derivative of x^2 is 2x");
        // Telegram hands out an update again until a later offset confirms it; a copy changes nothing
        env.telegram.deliver(text(810001, CHAT, "show why the derivative of x^2 is 2x"));
        env.telegram.deliver(text(810003, CHAT, "x^2"));
        await().atMost(WAIT).until(() -> repliesTo(CHAT).size() >= 3);
        Thread.sleep(1000);
        assertThat(env.videoJobs()).hasSize(1);
        assertThat(repliesTo(CHAT)).hasSize(3);
        assertThat(repliesTo(CHAT).get(0)).contains("queued");
        assertThat(repliesTo(CHAT).get(1)).startsWith("How to use me");
        assertThat(repliesTo(CHAT).get(2)).contains("10 to 5,000");
        // polling mode: the webhook route is not served
        assertThat(env.postTelegram(TELEGRAM_SECRET, text(810009, CHAT, "show that 1+1=2"))
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void anUpdateThatCouldNotBeRecordedIsFetchedAgainOnceRedisIsBack() throws Exception {
        await().atMost(WAIT).until(() -> !env.telegram.requests("deleteWebhook").isEmpty());
        env.redisServer.stop();
        env.telegram.deliver(text(820001, CHAT, "explain why the sum of angles in a triangle is 180 degrees"));
        int polls = env.telegram.polls();
        Thread.sleep(2500);
        assertThat(env.videoJobs()).isEmpty();
        env.redisServer.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> env.videoJob("tg-820001") != null);
        await().atMost(WAIT).until(() -> repliesTo(CHAT).size() == 1);
        assertThat(env.telegram.polls()).isGreaterThan(polls);
    }
}
