package io.manimvideo.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import io.manimvideo.ingress.chat.BotTestEnvironment;
import io.manimvideo.ingress.testsupport.ApiClient;
import io.manimvideo.ingress.testsupport.RedisServerExtension;
import io.manimvideo.localinfra.redis.RedisServer;
import io.vertx.redis.client.Command;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a replica does before it says it is ready: every verticle on an event loop of its own, so the webhooks'
 * acknowledgements never wait behind the notifications' work or a receiver's; and the webhooks' path run a few times
 * (warm), recording nothing.
 */
@ExtendWith(RedisServerExtension.class)
class ReplicaStartTest {

    @Test
    void everyVerticleOfTheIngressRunsOnAnEventLoopOfItsOwn(RedisServer redis) throws Exception {
        // more HTTP instances than Vert.x's default pool of twice the cores leaves loops for: the pool's own size is
        // what keeps them apart
        int http = 2 * Runtime.getRuntime().availableProcessors();
        try (var env = new BotTestEnvironment(redis, settings -> settings.put("HTTP_EVENT_LOOPS", "" + http))) {
            Map<String, String> loops = env.ingress.running().eventLoops();
            assertThat(loops.keySet())
                    .as("the verticles: notifications, Telegram's and WhatsApp's receivers, the HTTP instances")
                    .hasSize(3 + http)
                    .contains("notifications", "receiver 0", "receiver 1", "http 0", "http " + (http - 1));
            assertThat(loops.values()).allMatch(thread -> thread.startsWith("vert.x-eventloop-thread-"));
            assertThat(loops.values())
                    .as("event loops, one per verticle: " + loops)
                    .doesNotHaveDuplicates();
        }
    }

    @Test
    void theWebhooksAreWarmedBeforeTheReplicaIsReadyAndNothingIsRecorded(RedisServer redis) throws Exception {
        try (var env = new BotTestEnvironment(redis)) {
            var client = new ApiClient(env.ingress.baseUrl());
            assertThat(client.get("/readyz", null).statusCode()).isEqualTo(200);
            // both webhooks called without a secret or a signature, 25 times each, before start returned
            String metrics = client.get("/metrics", null).body();
            double refused = metrics.lines()
                    .filter(line ->
                            line.startsWith("vertx_http_server_requests_total{") && line.contains("code=\"401\""))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                    .sum();
            assertThat(refused)
                    .as("401s answered while warming up:\n" + metrics)
                    .isEqualTo(50);
            assertThat(env.ingress.videoJobs()).isEmpty();
            assertThat(env.telegram.requests()).isEmpty();
            assertThat(env.whatsapp.requests()).isEmpty();
            assertThat(env.redis(Command.XLEN, "webhooks:telegram").toInteger())
                    .as("calls queued")
                    .isZero();
            assertThat(env.redis(Command.XLEN, "webhooks:whatsapp").toInteger())
                    .as("calls queued")
                    .isZero();
        }
    }
}
