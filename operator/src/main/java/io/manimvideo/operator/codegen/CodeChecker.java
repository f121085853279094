package io.manimvideo.operator.codegen;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;

/**
 * Runs the render image's repair-and-check command ({@code python -m manimrender check}) on a piece of
 * code: the code goes to its stdin, one JSON object comes back on stdout, exit 0 when the code passed and
 * 1 when it did not. The check is static (repairs, parse, AST policy); the code is never executed here.
 * The command sees only {@link CodegenSettings#checkEnvironment()}: no keys, no presigned URLs.
 */
public final class CodeChecker {
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final List<String> command;
  private final Map<String, String> environment;
  private final ObjectMapper mapper;
  private final CodegenLog log;

  public CodeChecker(List<String> command, Map<String, String> environment, ObjectMapper mapper, CodegenLog log) {
    this.command = List.copyOf(command);
    this.environment = Map.copyOf(environment);
    this.mapper = mapper;
    this.log = log;
  }

  public CheckResult check(String code) throws CheckerException {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().putAll(environment);
    builder.environment().put("PYTHONIOENCODING", "utf-8"); // code and JSON are UTF-8 whatever the locale
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new CheckerException("the check command could not be started: " + command.get(0));
    }
    // own threads, not the common pool: with one core it has one thread, and these three block
    ExecutorService pipes = Executors.newFixedThreadPool(3, runnable -> {
      Thread thread = new Thread(runnable, "check-pipe");
      thread.setDaemon(true);
      return thread;
    });
    CompletableFuture<String> stdout = readAsync(process.getInputStream(), pipes);
    CompletableFuture<String> stderr = readAsync(process.getErrorStream(), pipes);
    CompletableFuture.runAsync(() -> {
      try (OutputStream in = process.getOutputStream()) {
        in.write(code.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        // the command exited before reading everything; its exit code and output tell why
      }
    }, pipes);
    try {
      if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new CheckerException("the check command did not finish within " + TIMEOUT.toSeconds() + " s");
      }
      int exit = process.exitValue();
      String out = stdout.get(5, TimeUnit.SECONDS);
      String err = stderr.get(5, TimeUnit.SECONDS);
      if (exit != 0 && exit != 1) {
        log.warn("check command exited " + exit + ": " + lastLine(err));
        throw new CheckerException("the check command failed (exit " + exit + ")");
      }
      return parse(out, code, exit);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new CheckerException("interrupted while checking the code");
    } catch (ExecutionException | TimeoutException e) {
      throw new CheckerException("the check command's output could not be read");
    } finally {
      pipes.shutdownNow();
    }
  }

  private CheckResult parse(String out, String submitted, int exit) throws CheckerException {
    JsonNode json;
    try {
      json = mapper.readTree(out);
    } catch (JsonProcessingException e) {
      throw new CheckerException("the check command printed no JSON (exit " + exit + ")");
    }
    if (json == null || !json.path("ok").isBoolean()) {
      throw new CheckerException("the check command's answer has no \"ok\" (exit " + exit + ")");
    }
    boolean ok = json.get("ok").asBoolean();
    if (ok != (exit == 0)) {
      throw new CheckerException("the check command said ok=" + ok + " but exited " + exit);
    }
    List<String> repairs = new ArrayList<>();
    json.path("repairs").forEach(r -> repairs.add(r.asText()));
    JsonNode error = json.path("error");
    String code = json.path("code").isTextual() ? json.get("code").asText() : submitted;
    return new CheckResult(ok, code, List.copyOf(repairs), textOrNull(json.get("scene")),
        textOrNull(error.get("message")), positive(error.get("line")), positive(error.get("column")));
  }

  private static String textOrNull(JsonNode node) {
    return node != null && node.isTextual() ? node.asText() : null;
  }

  private static Integer positive(JsonNode node) {
    return node != null && node.canConvertToInt() && node.asInt() > 0 ? node.asInt() : null;
  }

  private static String lastLine(String text) {
    String[] lines = text.strip().split("\n");
    return lines[lines.length - 1];
  }

  private static CompletableFuture<String> readAsync(InputStream stream, ExecutorService executor) {
    return CompletableFuture.supplyAsync(() -> {
      try (stream) {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, executor);
  }
}
