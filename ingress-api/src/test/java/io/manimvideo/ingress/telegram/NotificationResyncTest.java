package io.manimvideo.ingress.telegram;

import static io.manimvideo.ingress.chat.BotTestEnvironment.TELEGRAM_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.manimvideo.api.Phase;
import io.manimvideo.api.VideoJob;
import io.manimvideo.ingress.chat.BotTestEnvironment;
import io.manimvideo.ingress.fakes.TelegramPayloads;
import io.manimvideo.ingress.testsupport.RedisServerExtension;
import io.manimvideo.ingress.testsupport.RenderedVideos;
import io.manimvideo.localinfra.redis.RedisServer;
import io.vertx.redis.client.Command;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The watcher's resync (every second here): what failed is sent again, what another replica left half done is taken
 * over once its claim lapses (a lease of two seconds here), a send slower than that lease keeps its claim, what was
 * told is left alone.
 */
@ExtendWith(RedisServerExtension.class)
class NotificationResyncTest {
    private static final long CHAT = 5550002L;
    private static final String JOB = "tg-710001";
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Duration RESYNC = Duration.ofSeconds(1);
    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final String READY_CLAIM = "dedupe:notify:" + JOB + ":ready:0";

    private BotTestEnvironment env;

    @BeforeEach
    void start(RedisServer redis) throws Exception {
        env = new BotTestEnvironment(redis, settings -> {
            settings.put("NOTIFY_RESYNC_INTERVAL", RESYNC.toString());
            settings.put("NOTIFY_SENDING_TTL", LEASE.toString());
        });
        env.postTelegram(TELEGRAM_SECRET, TelegramPayloads.text(710001, CHAT, "show that e^(i pi) = -1"));
        await().atMost(WAIT).until(() -> env.redisKeyExists("progress_message:" + JOB));
        env.telegram.reset();
    }

    @AfterEach
    void stop() throws Exception {
        env.close();
    }

    @Test
    void aNotificationTheBotApiRefusedIsSentAtTheNextResyncAndOnlyOnce() throws Exception {
        // every attempt the client makes for this edit fails: the notification fails
        env.telegram.failNext("editMessageText", 3, 500, "Internal Server Error", null);
        env.setStatus(JOB, s -> s.setPhase(Phase.AI_GENERATING));
        await().atMost(WAIT)
                .until(() -> env.telegram.requests("editMessageText").size() == 4);
        assertThat(env.telegram.requests("editMessageText").get(3).field("text"))
                .isEqualTo("Writing the animation code...");

        // told: later resyncs neither send it again nor ask Redis about it
        Thread.sleep(RESYNC.toMillis() * 3 / 2);
        long guardsBefore = env.redisCalls("set");
        Thread.sleep(RESYNC.toMillis() * 3);
        assertThat(env.telegram.requests("editMessageText")).hasSize(4);
        assertThat(env.telegram.requests("sendMessage")).isEmpty();
        assertThat(env.redisCalls("set")).isEqualTo(guardsBefore);
    }

    @Test
    void aReadyVideoIsSentOnceWhenTheBotApiAnswersAgainAfterTimingOut() throws Exception {
        // the Bot API takes every call and answers none for 10 s, then drops the connections (a gateway timeout)
        env.telegram.timesOut(Duration.ofSeconds(10));
        ready();
        // the Ready news is being told (its first call hangs)
        await().atMost(WAIT).until(() -> env.telegram.requests().stream().anyMatch(r -> !r.succeeded()));
        await().atMost(WAIT.multipliedBy(2))
                .until(() -> env.telegram.requests("sendVideo").stream().anyMatch(r -> r.succeeded()));
        await().atMost(WAIT)
                .until(() -> env.videoJob(JOB).getMetadata().getAnnotations() != null
                        && env.videoJob(JOB).getMetadata().getAnnotations().containsKey(VideoJob.DELIVERED_ANNOTATION));
        Thread.sleep(RESYNC.toMillis() * 3);
        assertThat(env.telegram.requests("sendVideo"))
                .filteredOn(r -> r.succeeded())
                .as("sent once when the Bot API answers again")
                .hasSize(1);
    }

    @Test
    void aSendSlowerThanTheLeaseKeepsItsClaimSoNoOtherReplicaTakesItOver() throws Exception {
        // the Bot API answers nothing for four leases, then drops the connections
        env.telegram.timesOut(LEASE.multipliedBy(4));
        ready();
        await().atMost(WAIT).until(() -> env.telegram.requests().stream().anyMatch(r -> !r.succeeded()));
        // two leases into the hanging send: still this replica's, renewed, so another replica asking now would wait
        Thread.sleep(LEASE.multipliedBy(2).toMillis());
        assertThat(env.redis(Command.GET, READY_CLAIM))
                .as("the claim, two leases into the send")
                .isNotNull()
                .asString()
                .startsWith("working:");
        assertThat(env.redis(Command.PTTL, READY_CLAIM).toLong()).isPositive();
        await().atMost(WAIT.multipliedBy(2))
                .until(() -> env.telegram.requests("sendVideo").stream().anyMatch(r -> r.succeeded()));
        Thread.sleep(RESYNC.toMillis() * 3);
        assertThat(env.telegram.requests("sendVideo"))
                .filteredOn(r -> r.succeeded())
                .hasSize(1);
    }

    @Test
    void aReadyVideoWhoseSenderDiedIsSentOnceItsClaimLapses() throws Exception {
        // another replica claimed telling this job's Ready and died before it was done: its claim as it left it, its
        // lease running out in 3 s
        env.redis(Command.SET, READY_CLAIM, "working:a-replica-that-died", "PX", "3000");
        ready();
        // nothing while the claim holds: that replica may still be sending
        Thread.sleep(RESYNC.toMillis() * 3 / 2);
        assertThat(env.telegram.requests("sendVideo")).isEmpty();
        // lapsed: the next resync here takes the claim over and sends the video, once
        await().atMost(WAIT).until(() -> env.telegram.requests("sendVideo").size() == 1);
        await().atMost(WAIT)
                .until(() -> env.videoJob(JOB).getMetadata().getAnnotations() != null
                        && env.videoJob(JOB).getMetadata().getAnnotations().containsKey(VideoJob.DELIVERED_ANNOTATION));
        Thread.sleep(RESYNC.toMillis() * 3);
        assertThat(env.telegram.requests("sendVideo")).hasSize(1);
    }

    /** The operator's news: the job is Ready with its video. */
    private void ready() {
        env.setStatus(JOB, s -> {
            s.setPhase(Phase.READY);
            s.setVideo(RenderedVideos.of(JOB));
        });
    }
}
