package io.manimvideo.testsupport.redis;

import io.manimvideo.testsupport.LoopbackPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} as a child process on a free loopback port, without persistence; stopped with
 * the stack.
 */
public final class RedisServer implements AutoCloseable {
  private final Process process;
  private final int port;

  private RedisServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * @param executable {@code redis-server} (from PATH) or a full path
   * @param logFile where the server's output goes
   */
  public static RedisServer start(String executable, Path logFile) {
    int port = LoopbackPorts.free();
    var command = List.of(executable, "--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "",
        "--appendonly", "no", "--protected-mode", "yes");
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(logFile.toFile()).start();
      var server = new RedisServer(process, port);
      server.awaitPong(Duration.ofSeconds(15));
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + executable, e);
    }
  }

  public int port() {
    return port;
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  public long pid() {
    return process.pid();
  }

  /** Sends one inline command and returns the first reply line, e.g. {@code +PONG}. */
  public String command(String inline) throws IOException {
    try (var socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(2000);
      socket.getOutputStream().write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
      var in = socket.getInputStream();
      var line = new StringBuilder();
      int c;
      while ((c = in.read()) != -1 && c != '\n') {
        if (c != '\r') {
          line.append((char) c);
        }
      }
      return line.toString();
    }
  }

  private void awaitPong(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("redis-server exited with " + process.exitValue());
      }
      try {
        if ("+PONG".equals(command("PING"))) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    close();
    throw new IllegalStateException("redis-server did not answer on port " + port);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
