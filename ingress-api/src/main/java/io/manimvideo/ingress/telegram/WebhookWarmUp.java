package io.manimvideo.ingress.telegram;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Telegram webhook's path run before the ingress listens on its port: {@code calls} webhook calls, {@value
 * #CONCURRENCY} at a time, to a server of the same routes on a loopback port. A fresh JVM answers its first webhook
 * calls from code it is still loading and compiling, several times slower than later (on a busy node, the first
 * seconds after a start or a rollout); the kubelet's probes reach the ingress only once this has run.
 *
 * <p>Each call is a channel post with a scene as its text: what a bot in a channel receives and acknowledges with
 * no reply and no job. It goes the way of every update: the secret and the contract checked, the body queued in
 * Redis, then taken in by the worker and left out there, as the chat has no one to answer. So the warm-up creates
 * no VideoJob, sends nothing to Telegram and leaves nothing queued. It stops at the first answer other than 200
 * (Redis away, say: readiness says so, and warming up would only wait), or after {@link #LIMIT}.
 */
public final class WebhookWarmUp {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookWarmUp.class);
    static final int CONCURRENCY = 4;
    /** However slow the node: the probes' startup allowance is five minutes. */
    public static final Duration LIMIT = Duration.ofSeconds(60);

    private static final String SCENE = "from manim import *\n\n\nclass WarmUp(Scene):\n"
            + "    def construct(self):\n        square = Square(color=BLUE)\n        self.play(Create(square))\n"
            + "        self.play(square.animate.rotate(PI / 2).scale(1.5), run_time=2)\n"
            + "        self.play(FadeOut(square))\n";

    private final Vertx vertx;
    private final int port;
    private final String secret;
    private final int calls;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger answered = new AtomicInteger();
    private long deadline;
    private volatile String stoppedBy;

    private WebhookWarmUp(Vertx vertx, int port, String secret, int calls) {
        this.vertx = vertx;
        this.port = port;
        this.secret = secret;
        this.calls = calls;
    }

    /** Makes the calls to {@code 127.0.0.1:port}; completes with the number answered 200 (never fails). */
    public static Future<Integer> run(Vertx vertx, int port, String secret, int calls) {
        return new WebhookWarmUp(vertx, port, secret, calls).run();
    }

    private Future<Integer> run() {
        long started = System.nanoTime();
        deadline = started + LIMIT.toNanos();
        WebClient client = WebClient.create(
                vertx,
                new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port),
                new PoolOptions().setHttp1MaxSize(CONCURRENCY));
        Promise<Void> done = Promise.promise();
        AtomicInteger lanes = new AtomicInteger(CONCURRENCY);
        for (int lane = 0; lane < CONCURRENCY; lane++) {
            lane(client).onComplete(ended -> {
                if (lanes.decrementAndGet() == 0) {
                    done.complete();
                }
            });
        }
        return done.future().map(ended -> {
            client.close();
            LOG.info(
                    "event=warmup_done calls={} answered={} seconds={}{}",
                    calls,
                    answered.get(),
                    String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - started) / 1e9),
                    stoppedBy == null ? "" : " stopped_by=\"" + stoppedBy + "\"");
            return answered.get();
        });
    }

    /** One call after the other until none is left, one is refused, or the time is up. */
    private Future<Void> lane(WebClient client) {
        int n = next.getAndIncrement();
        if (n >= calls || stoppedBy != null || System.nanoTime() > deadline) {
            return Future.succeededFuture();
        }
        return client.post("/webhooks/telegram")
                .putHeader("Content-Type", "application/json")
                .putHeader(TelegramWebhookSecret.HEADER, secret)
                .sendBuffer(body(n))
                .map(response -> response.statusCode() == 200 ? null : "HTTP " + response.statusCode())
                .otherwise(Throwable::toString)
                .compose(refused -> {
                    if (refused == null) {
                        answered.incrementAndGet();
                    } else if (stoppedBy == null) {
                        stoppedBy = refused;
                    }
                    return lane(client);
                });
    }

    private static Buffer body(int n) {
        return new JsonObject()
                .put("update_id", n)
                .put(
                        "channel_post",
                        new JsonObject()
                                .put("message_id", n + 1)
                                .put("date", System.currentTimeMillis() / 1000)
                                .put(
                                        "chat",
                                        new JsonObject()
                                                .put("id", -1000000000000L)
                                                .put("type", "channel")
                                                .put("title", "warm-up"))
                                .put("text", SCENE))
                .toBuffer();
    }
}
