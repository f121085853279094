package io.manimvideo.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** Streams a child process's merged output, line by line, on a daemon thread (services and pods alike). */
public final class ProcessOutput {
    private ProcessOutput() {}

    /** Starts the thread that hands each line of {@code process}'s output to {@code lines}; it ends with the process. */
    public static Thread pump(Process process, String threadName, Consumer<String> lines) {
        Thread pump = new Thread(
                () -> {
                    try (var in = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = in.readLine()) != null) {
                            lines.accept(line);
                        }
                    } catch (IOException e) {
                        // the process is gone; nothing more to read
                    }
                },
                threadName);
        pump.setDaemon(true);
        pump.start();
        return pump;
    }
}
