package io.manimvideo.ingress.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A real {@code redis-server} (the Debian package) on a free loopback port, without persistence, in a
 * temporary directory. {@link #stop()} and {@link #start()} can be called again within a test to take
 * Redis away and bring it back on the same port.
 */
public final class RedisServer implements AutoCloseable {
  private final int port;
  private final Path dir;
  private Process process;

  public RedisServer() throws IOException {
    this.port = freePort();
    this.dir = Files.createTempDirectory("redis-test");
  }

  public synchronized RedisServer start() throws IOException {
    if (process != null && process.isAlive()) {
      return this;
    }
    process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--protected-mode", "yes")
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("redis.log").toFile())
        .start();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (Instant.now().isBefore(deadline)) {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return this;
      } catch (IOException notYet) {
        if (!process.isAlive()) {
          throw new IOException("redis-server exited: " + Files.readString(dir.resolve("redis.log")));
        }
        sleep(20);
      }
    }
    throw new IOException("redis-server did not start on port " + port);
  }

  /**
   * Stops the server the way an orderly restart does (SHUTDOWN SAVE): clients see connection errors
   * until {@link #start()}, which reloads the data.
   */
  public synchronized void stop() throws IOException, InterruptedException {
    if (process == null) {
      return;
    }
    Process shutdown = new ProcessBuilder("redis-cli", "-p", Integer.toString(port), "shutdown", "save")
        .redirectErrorStream(true).start();
    shutdown.waitFor();
    process.waitFor();
    process = null;
  }

  /** SIGSTOP: the server keeps its connections but answers nothing (a hung or swapped-out Redis). */
  public synchronized void pause() throws IOException, InterruptedException {
    signal("STOP");
  }

  /** SIGCONT after {@link #pause()}: the server answers what it was sent meanwhile. */
  public synchronized void resume() throws IOException, InterruptedException {
    signal("CONT");
  }

  private void signal(String name) throws IOException, InterruptedException {
    if (process != null) {
      new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
    }
  }

  /** Kills the server and deletes its data (a fresh, empty Redis on the next {@link #start()}). */
  public synchronized void wipe() throws IOException {
    kill();
    Files.deleteIfExists(dir.resolve("dump.rdb"));
  }

  private void kill() {
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
  }

  public int port() {
    return port;
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  @Override
  public void close() throws IOException {
    wipe();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
