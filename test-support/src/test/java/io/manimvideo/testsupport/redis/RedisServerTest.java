package io.manimvideo.testsupport.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
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
    assertThat(redis.command("CONFIG GET save")).isEqualTo("*2");

    redis.close();

    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThatThrownBy(() -> redis.command("PING")).isInstanceOf(IOException.class);
  }
}
