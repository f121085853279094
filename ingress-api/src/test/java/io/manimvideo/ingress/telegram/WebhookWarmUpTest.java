package io.manimvideo.ingress.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import io.manimvideo.ingress.chat.BotTestEnvironment;
import io.manimvideo.ingress.testsupport.RedisServerExtension;
import io.manimvideo.localinfra.LoopbackPorts;
import io.manimvideo.localinfra.redis.RedisServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A starting ingress answers the Telegram webhook's path on a loopback port of its own first ({@link WebhookWarmUp}),
 * and only then listens where the kubelet's probes and the traffic come: a new replica takes no webhook call with
 * code still being loaded and compiled, and the warm-up leaves no trace.
 */
@ExtendWith(RedisServerExtension.class)
class WebhookWarmUpTest {
    private static final int CALLS = 300;
    /** The webhook calls answered 200 so far, as the ingress's own metrics count them (every server of it). */
    private static final Pattern POSTS_ANSWERED = Pattern.compile(
            "(?m)^vertx_http_server_requests_total\\{[^}]*code=\"200\"[^}]*method=\"POST\"[^}]*} ([0-9.E]+)$");

    @Test
    void theFirstConnectionTheIngressAcceptsFindsTheWarmUpDoneAndItLeftNothing(RedisServer redis) throws Exception {
        int port = LoopbackPorts.free();
        CompletableFuture<BotTestEnvironment> starting = CompletableFuture.supplyAsync(() -> {
            try {
                return new BotTestEnvironment(redis, env -> {
                    env.put("HTTP_PORT", Integer.toString(port));
                    env.put("WARMUP_CALLS", Integer.toString(CALLS));
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // as a probe would: connect until the port takes the connection, then ask at once
        while (!accepts(port)) {
            assertThat(starting).as("the ingress failed to start").isNotCompletedExceptionally();
            Thread.sleep(5);
        }
        String metrics = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(postsAnswered(metrics)).isEqualTo(CALLS);
        try (BotTestEnvironment env = starting.get(60, TimeUnit.SECONDS)) {
            // channel posts: taken in, and nobody answered, no VideoJob made, nothing left in Redis
            assertThat(env.videoJobs()).isEmpty();
            assertThat(env.telegram.requests()).isEmpty();
            assertThat(env.redisKeyCount()).isZero();
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 100);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static long postsAnswered(String metrics) {
        long answered = 0;
        Matcher m = POSTS_ANSWERED.matcher(metrics);
        while (m.find()) {
            answered += (long) Double.parseDouble(m.group(1));
        }
        return answered;
    }
}
