package io.manimvideo.localinfra.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedisServerTest {
    @TempDir
    Path dir;

    @Test
    void startsAnswersAndStopsFreeingItsPort() throws Exception {
        var redis = RedisServer.start("redis-server", dir.resolve("redis.log"));
        long pid = redis.pid();
        assertThat(redis.command("SET greeting hello")).isEqualTo("+OK");
        assertThat(redis.command("GET greeting")).isEqualTo("$5");
        assertThat(redis.command("CONFIG GET appendonly")).isEqualTo("*2");

        redis.close();

        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .isFalse();
        assertThatThrownBy(() -> redis.command("PING")).isInstanceOf(IOException.class);
        // nothing restarts a closed server
        Thread.sleep(1000);
        assertThatThrownBy(() -> redis.command("PING")).isInstanceOf(IOException.class);
    }

    @Test
    void aServerThatDiesIsRestartedOnTheSamePortWithItsData() throws Exception {
        try (var redis = RedisServer.start("redis-server", dir.resolve("redis.log"))) {
            // what the ingress acknowledged, up to the write just before the kill (a webhook call is answered 200
            // once it is in Redis)
            for (int i = 0; i < 200; i++) {
                assertThat(redis.command("SET session:" + i + " kept")).isEqualTo("+OK");
            }
            long pid = redis.pid();
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();

            assertThat(redis.answersWithin(Duration.ofSeconds(15))).isTrue();
            assertThat(redis.pid()).isNotEqualTo(pid);
            assertThat(redis.restarts()).isEqualTo(1);
            assertThat(redis.command("DBSIZE")).isEqualTo(":200");
            assertThat(Files.readString(dir.resolve("redis.log"))).contains("Ready to accept connections");
        }
    }

    @Test
    void aServerAskedToStopIsNotRestarted() throws Exception {
        try (var redis = RedisServer.start("redis-server", dir.resolve("redis.log"))) {
            ProcessHandle server = ProcessHandle.of(redis.pid()).orElseThrow();
            // what a terminal's Ctrl-C does to every process of the group: redis-server shuts down cleanly
            new ProcessBuilder("kill", "-INT", Long.toString(server.pid()))
                    .start()
                    .waitFor();
            server.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);

            assertThat(redis.answersWithin(Duration.ofSeconds(2))).isFalse();
            assertThat(redis.restarts()).isZero();
        }
    }

    @Test
    void aNewStackStartsWithTheSessionsOfTheLastOne() throws Exception {
        try (var first = RedisServer.start("redis-server", dir.resolve("redis.log"))) {
            assertThat(first.command("SET session:2 kept")).isEqualTo("+OK");
        }
        try (var second = RedisServer.start("redis-server", dir.resolve("redis.log"))) {
            assertThat(second.command("EXISTS session:2")).isEqualTo(":1");
        }
        assertThat(dir.resolve("redis")).isDirectory();
    }

    @Test
    void aServerStoppedOnPurposeStaysDownUntilStartedAgainWithItsData() throws Exception {
        try (var redis = RedisServer.start("redis-server", dir.resolve("redis.log"))) {
            assertThat(redis.command("SET session:3 kept")).isEqualTo("+OK");
            int port = redis.port();
            redis.stop();
            Thread.sleep(1000);
            assertThatThrownBy(() -> redis.command("PING")).isInstanceOf(IOException.class);

            redis.start();
            assertThat(redis.port()).isEqualTo(port);
            assertThat(redis.restarts()).isZero();
            assertThat(redis.command("EXISTS session:3")).isEqualTo(":1");

            redis.kill();
            Thread.sleep(1000);
            assertThatThrownBy(() -> redis.command("PING")).isInstanceOf(IOException.class);
            assertThat(redis.start().command("PING")).isEqualTo("+PONG");
        }
    }

    @Test
    void aPausedServerAnswersNothingUntilResumedAndWipeEmptiesIt() throws Exception {
        try (var redis = RedisServer.start("redis-server", dir.resolve("redis.log"))) {
            assertThat(redis.command("SET session:4 kept")).isEqualTo("+OK");
            redis.pause();
            assertThatThrownBy(() -> redis.command("PING")).isInstanceOf(java.net.SocketTimeoutException.class);
            redis.resume();
            assertThat(redis.command("PING")).isEqualTo("+PONG");

            redis.wipe();
            assertThat(redis.command("DBSIZE")).isEqualTo(":0");
        }
    }
}
