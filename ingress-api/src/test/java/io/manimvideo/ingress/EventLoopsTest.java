package io.manimvideo.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import io.manimvideo.ingress.chat.BotTestEnvironment;
import io.manimvideo.ingress.testsupport.RedisServerExtension;
import io.manimvideo.localinfra.redis.RedisServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The webhooks' acknowledgements run on event loops no other verticle shares: not the notifications' (a burst of phase
 * changes), not a platform's receiver (taking in the queued calls). More HTTP instances than Vert.x's default pool of
 * twice the cores would leave loops for, so the pool's own size is what keeps them apart.
 */
@ExtendWith(RedisServerExtension.class)
class EventLoopsTest {

    @Test
    void everyVerticleOfTheIngressRunsOnAnEventLoopOfItsOwn(RedisServer redis) throws Exception {
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
}
