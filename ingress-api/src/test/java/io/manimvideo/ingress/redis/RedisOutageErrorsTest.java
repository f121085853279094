package io.manimvideo.ingress.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.redis.client.impl.types.ErrorType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which failures of a Redis command are an outage (503, "nothing was recorded, retry") and which are a fault of the
 * command (500). The batch texts are the client's own: each failed entry as {@code ERR [index] <cause>}.
 */
class RedisOutageErrorsTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                // as RedisFailoverTest saw it when the primary was killed mid-batch (EVAL, then WAIT)
                "ERR [0] java.net.SocketException: Connection reset\nERR [1] java.net.SocketException: Connection reset",
                "ERR [1] io.vertx.core.VertxException: Connection was closed",
                "READONLY You can't write against a read only replica.",
                "ERR [0] READONLY You can't write against a read only replica."
            })
    void aCommandThatGotNoReplyOrAnOutageReplyIsAnOutage(String error) {
        assertThat(RedisCommands.isOutage(ErrorType.create(error))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ERR wrong number of arguments for 'eval' command",
                "ERR [0] Error running script (call to f_1): bad.key",
                "ERR [0] WRONGTYPE Operation against a key"
            })
    void aReplyThatFaultsTheCommandIsNotAnOutage(String error) {
        assertThat(RedisCommands.isOutage(ErrorType.create(error))).isFalse();
    }
}
