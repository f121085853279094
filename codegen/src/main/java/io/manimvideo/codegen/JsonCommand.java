package io.manimvideo.codegen;

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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one of the render image's Python commands ({@code check}, {@code explain}): text on stdin, exactly
 * one JSON object on stdout, exit 0 or 1 as the answer's verdict; any other exit means the command is broken.
 * The command sees only the given environment: no keys, no presigned URLs.
 */
final class JsonCommand {
    /** What the command printed and how it exited (0 or 1). */
    record Answer(int exit, JsonNode json) {}

    private final List<String> command;
    private final Map<String, String> environment;
    private final Duration timeout;
    private final ObjectMapper mapper;
    private final CodegenLog log;

    JsonCommand(
            List<String> command,
            Map<String, String> environment,
            Duration timeout,
            ObjectMapper mapper,
            CodegenLog log) {
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.timeout = timeout;
        this.mapper = mapper;
        this.log = log;
    }

    String name() {
        return String.join(" ", command);
    }

    Answer run(String stdin, String... arguments) throws CheckerException {
        List<String> full = new ArrayList<>(command);
        full.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(full);
        builder.environment().clear();
        builder.environment().putAll(environment);
        builder.environment().put("PYTHONIOENCODING", "utf-8"); // text and JSON are UTF-8 whatever the locale
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new CheckerException("the command could not be started: " + command.get(0));
        }
        // own threads, not the common pool: with one core it has one thread, and these three block
        ExecutorService pipes = Executors.newFixedThreadPool(3, runnable -> {
            Thread thread = new Thread(runnable, "command-pipe");
            thread.setDaemon(true);
            return thread;
        });
        CompletableFuture<String> stdout = readAsync(process.getInputStream(), pipes);
        CompletableFuture<String> stderr = readAsync(process.getErrorStream(), pipes);
        CompletableFuture.runAsync(
                () -> {
                    try (OutputStream in = process.getOutputStream()) {
                        in.write(stdin.getBytes(StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        // the command exited before reading everything; its exit code and output tell why
                    }
                },
                pipes);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new CheckerException("the command did not finish within " + timeout.toSeconds() + " s");
            }
            int exit = process.exitValue();
            String out = stdout.get(5, TimeUnit.SECONDS);
            String err = stderr.get(5, TimeUnit.SECONDS);
            if (exit != 0 && exit != 1) {
                log.warn(command.get(command.size() - 1) + " command exited " + exit + ": " + lastLine(err));
                throw new CheckerException("the command failed (exit " + exit + ")");
            }
            return new Answer(exit, parse(out, exit));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new CheckerException("interrupted while waiting for the command");
        } catch (ExecutionException | TimeoutException e) {
            throw new CheckerException("the command's output could not be read");
        } finally {
            pipes.shutdownNow();
        }
    }

    private JsonNode parse(String out, int exit) throws CheckerException {
        JsonNode json;
        try {
            json = mapper.readTree(out);
        } catch (JsonProcessingException e) {
            throw new CheckerException("the command printed no JSON (exit " + exit + ")");
        }
        if (json == null || !json.path("ok").isBoolean()) {
            throw new CheckerException("the command's answer has no \"ok\" (exit " + exit + ")");
        }
        if (json.get("ok").asBoolean() != (exit == 0)) {
            throw new CheckerException("the command said ok=" + json.get("ok").asBoolean() + " but exited " + exit);
        }
        return json;
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1];
    }

    private static CompletableFuture<String> readAsync(InputStream stream, ExecutorService executor) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try (stream) {
                        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                },
                executor);
    }
}
