package io.manimvideo.ingress.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.manimvideo.api.Platform;
import io.manimvideo.ingress.http.ApiProblem;
import io.manimvideo.ingress.http.DependencyUnavailableException;
import io.manimvideo.ingress.redis.RedisCommands;
import io.manimvideo.ingress.testsupport.RedisServerExtension;
import io.manimvideo.localinfra.redis.RedisServer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Redis;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The webhook queue on a real redis-server: what was acknowledged is taken in once it can be, by some replica. */
@ExtendWith(RedisServerExtension.class)
class WebhookWorkerTest {
    private static final WebhookQueueSettings SETTINGS =
            new WebhookQueueSettings(100, 8, Duration.ofSeconds(1), Duration.ofDays(1));

    private Vertx vertx;
    private RedisCommands redis;

    @BeforeEach
    void start(RedisServer server) {
        vertx = Vertx.vertx();
        redis = new RedisCommands(Redis.createClient(vertx, server.url()), Duration.ofSeconds(2), 0);
    }

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    private WebhookQueue queue(int maxLength) {
        return new WebhookQueue(redis, redis, Platform.TELEGRAM, maxLength);
    }

    private long queued() {
        return redis.send(io.vertx.redis.client.Command.XLEN, "webhooks:telegram")
                .await()
                .toLong();
    }

    private String deploy(WebhookWorker worker) {
        return vertx.deployVerticle(worker).await();
    }

    @Test
    void everyCallIsTakenInOnceAndOneSendersCallsInTheOrderQueued() {
        WebhookQueue queue = queue(100);
        List<String> taken = new CopyOnWriteArrayList<>();
        // an earlier call takes longer: taken in all at once, they would finish in reverse
        WebhookWorker worker = new WebhookWorker(
                queue,
                body -> {
                    int n = body.toJsonObject().getInteger("update_id");
                    return vertx.timer(20L * (6 - n)).map(t -> {
                        taken.add(body.toString());
                        return null;
                    });
                },
                SETTINGS,
                Clock.systemUTC());
        for (int i = 0; i < 5; i++) {
            queue.append("chat-1", Buffer.buffer("{\"update_id\":" + i + "}")).await();
        }
        queue.append("chat-2", Buffer.buffer("{\"update_id\":5}")).await();
        deploy(worker);
        await().atMost(Duration.ofSeconds(10)).until(() -> taken.size() == 6 && queued() == 0);
        // the other chat's call did not wait for the first chat's
        assertThat(taken.get(0)).isEqualTo("{\"update_id\":5}");
        assertThat(taken.subList(1, 6))
                .containsExactly(
                        "{\"update_id\":0}",
                        "{\"update_id\":1}",
                        "{\"update_id\":2}",
                        "{\"update_id\":3}",
                        "{\"update_id\":4}");
    }

    @Test
    void aCallThatCouldNotBeTakenInIsTriedAgainUntilItIs() throws Exception {
        WebhookQueue queue = queue(100);
        AtomicInteger tries = new AtomicInteger();
        deploy(new WebhookWorker(
                queue,
                body -> tries.incrementAndGet() <= 2
                        ? Future.failedFuture(new DependencyUnavailableException("Kubernetes API server", null))
                        : Future.succeededFuture(),
                SETTINGS,
                Clock.systemUTC()));
        queue.append("", Buffer.buffer("{\"update_id\":7}")).await();
        await().atMost(Duration.ofSeconds(15)).until(() -> queued() == 0);
        assertThat(tries.get()).isEqualTo(3);
        Thread.sleep(2500);
        assertThat(tries.get()).isEqualTo(3);
    }

    @Test
    void aCallWhoseReplicaDiedIsTakenInByAnother() {
        WebhookQueue queue = queue(100);
        AtomicInteger firstGot = new AtomicInteger();
        // the first replica takes the call and never finishes (it is killed)
        String dying = deploy(new WebhookWorker(
                queue,
                body -> {
                    firstGot.incrementAndGet();
                    return Promise.<Void>promise().future();
                },
                SETTINGS,
                Clock.systemUTC()));
        queue.append("", Buffer.buffer("{\"update_id\":8}")).await();
        await().atMost(Duration.ofSeconds(5)).until(() -> firstGot.get() == 1);
        vertx.undeploy(dying).await();
        List<String> taken = new CopyOnWriteArrayList<>();
        deploy(new WebhookWorker(
                queue,
                body -> {
                    taken.add(body.toString());
                    return Future.succeededFuture();
                },
                SETTINGS,
                Clock.systemUTC()));
        await().atMost(Duration.ofSeconds(10)).until(() -> queued() == 0);
        assertThat(taken).containsExactly("{\"update_id\":8}");
    }

    @Test
    void aCallNotTakenInWithinTheMaximumAgeIsGivenUp() throws Exception {
        WebhookQueue queue = queue(100);
        queue.append("", Buffer.buffer("{\"update_id\":9}")).await();
        Thread.sleep(50);
        AtomicInteger tries = new AtomicInteger();
        deploy(new WebhookWorker(
                queue,
                body -> {
                    tries.incrementAndGet();
                    return Future.succeededFuture();
                },
                new WebhookQueueSettings(100, 8, Duration.ofSeconds(1), Duration.ofMillis(10)),
                Clock.systemUTC()));
        await().atMost(Duration.ofSeconds(10)).until(() -> queued() == 0);
        assertThat(tries.get()).isZero();
    }

    @Test
    void aFullQueueRefusesWithRetryAndKeepsWhatItHas() {
        WebhookQueue queue = queue(2);
        queue.append("", Buffer.buffer("a")).await();
        queue.append("", Buffer.buffer("b")).await();
        Future<Void> third = queue.append("", Buffer.buffer("c"));
        await().atMost(Duration.ofSeconds(5)).until(third::isComplete);
        assertThat(third.cause())
                .isInstanceOfSatisfying(
                        ApiProblem.class, p -> assertThat(p.status()).isEqualTo(503));
        assertThat(queued()).isEqualTo(2);
    }
}
