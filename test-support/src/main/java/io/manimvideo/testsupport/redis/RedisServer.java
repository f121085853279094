package io.manimvideo.testsupport.redis;

import io.manimvideo.testsupport.ChildProcesses;
import io.manimvideo.testsupport.LoopbackPorts;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real {@code redis-server} as a supervised child process on a free loopback port: append-only
 * persistence in {@code <state dir>/redis/} (so a restart loses no session), restarted on the same port
 * whenever it dies (logged, with its exit code), stopped with the stack.
 */
public final class RedisServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RedisServer.class);
  /** Longest pause between restarts when redis-server keeps dying at once. */
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

  private final List<String> command;
  private final File logFile;
  private final int port;
  private volatile Process process;
  private volatile boolean closed;
  private volatile int restarts;

  private RedisServer(List<String> command, File logFile, int port) {
    this.command = command;
    this.logFile = logFile;
    this.port = port;
  }

  /**
   * @param executable {@code redis-server} (from PATH) or a full path
   * @param logFile where the server's output goes; its data lives in {@code redis/} beside it
   */
  public static RedisServer start(String executable, Path logFile) {
    int port = LoopbackPorts.free();
    Path dataDir = logFile.toAbsolutePath().getParent().resolve("redis");
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dataDir, e);
    }
    var command = List.of(executable, "--port", String.valueOf(port), "--bind", "127.0.0.1", "--dir",
        dataDir.toString(), "--save", "", "--appendonly", "yes", "--appendfsync", "everysec",
        "--protected-mode", "yes");
    var server = new RedisServer(command, logFile.toFile(), port);
    server.launch();
    if (!server.answersWithin(Duration.ofSeconds(15))) {
      server.close();
      throw new IllegalStateException("redis-server did not answer on port " + port + " (see " + logFile + ")");
    }
    return server;
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

  /** How often the server was restarted after dying. */
  public int restarts() {
    return restarts;
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

  private synchronized void launch() {
    try {
      Process started = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile)).start();
      process = started;
      started.onExit().thenAccept(this::exited);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command.get(0), e);
    }
  }

  /** Supervision: a server that died while the stack runs is started again, on the same port and data. */
  private void exited(Process dead) {
    if (closed || dead != process) {
      return;
    }
    restarts++;
    long backoff = Math.min(MAX_BACKOFF.toMillis(), 250L << Math.min(6, restarts - 1));
    LOG.warn("event=redis_server_died pid={} exit={} restart={} in_ms={}", dead.pid(), dead.exitValue(), restarts,
        backoff);
    try {
      Thread.sleep(backoff);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (closed) {
      return;
    }
    try {
      launch();
      LOG.info("event=redis_server_restarted pid={} port={}", process.pid(), port);
    } catch (UncheckedIOException e) {
      LOG.error("event=redis_server_restart_failed cause=\"{}\"", e.getMessage());
      exited(dead == process ? dead : process);
    }
  }

  /** True once the server answers PING (after a start or a restart), false after {@code timeout}. */
  public boolean answersWithin(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if ("+PONG".equals(command("PING"))) {
          return true;
        }
      } catch (IOException e) {
        // not listening (yet, or again)
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  @Override
  public void close() {
    closed = true;
    Process running = process;
    if (running == null) {
      return;
    }
    ChildProcesses.stop(running, Duration.ofSeconds(10));
  }
}
