package io.manimvideo.ingress.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.redis.client.impl.types.ErrorType;
import org.junit.jupiter.api.Test;

/**
 * Which failures of a Redis command are an outage (503, "nothing was recorded, retry") and which are a fault of the
 * command (500). The batch texts are the client's own: each failed entry as {@code ERR [index] <cause>}.
 */
class RedisOutageErrorsTest {
    @Test
    void aBatchWhoseConnectionWasResetIsAnOutageNotAFaultOfTheCommand() {
        // as RedisFailoverTest saw it when the primary was killed mid-batch (EVAL, then WAIT)
        var reset = ErrorType.create("ERR [0] java.net.SocketException: Connection reset" + System.lineSeparator()
                + "ERR [1] java.net.SocketException: Connection reset");
        assertThat(RedisCommands.isOutage(reset)).isTrue();
        assertThat(RedisCommands.isOutage(
                        ErrorType.create("ERR [1] io.vertx.core.VertxException: Connection was closed")))
                .isTrue();
    }

    @Test
    void anOutageReplyIsOneAloneOrInABatch() {
        assertThat(RedisCommands.isOutage(ErrorType.create("READONLY You can't write against a read only replica.")))
                .isTrue();
        assertThat(RedisCommands.isOutage(
                        ErrorType.create("ERR [0] READONLY You can't write against a read only replica.")))
                .isTrue();
    }

    @Test
    void aReplyThatFaultsTheCommandIsNotAnOutage() {
        assertThat(RedisCommands.isOutage(ErrorType.create("ERR wrong number of arguments for 'eval' command")))
                .isFalse();
        assertThat(RedisCommands.isOutage(ErrorType.create("ERR [0] ERR Error running script (call to f_1): bad.key")))
                .isFalse();
        assertThat(RedisCommands.isOutage(ErrorType.create("ERR [0] WRONGTYPE Operation against a key")))
                .isFalse();
    }
}
