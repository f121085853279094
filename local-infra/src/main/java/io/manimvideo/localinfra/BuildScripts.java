package io.manimvideo.localinfra;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs one of the project's cached build scripts ({@code local-stack/controlplane/build.sh},
 * {@code local-stack/node/build.sh}), which build once and answer at once afterwards, and returns the directory it
 * prints as its last line. Its progress lines (standard error) go to the caller.
 */
public final class BuildScripts {
    private BuildScripts() {}

    public static Path run(Path script, String what, Consumer<String> progress) {
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException(what + " build script not found: " + script);
        }
        try {
            Process process = new ProcessBuilder("bash", script.toString()).start();
            Thread errors = new Thread(
                    () -> {
                        try (var reader = new BufferedReader(
                                new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                            reader.lines().forEach(progress);
                        } catch (IOException | UncheckedIOException e) {
                            // the script is gone
                        }
                    },
                    "build-progress");
            errors.setDaemon(true);
            errors.start();
            List<String> out = new ArrayList<>();
            try (var reader =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                reader.lines().forEach(out::add);
            }
            int rc = process.waitFor();
            errors.join(5000);
            if (rc != 0 || out.isEmpty()) {
                throw new IllegalStateException(
                        what + " build failed (" + script + " exited with " + rc + "; its output is above)");
            }
            return Path.of(out.get(out.size() - 1).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the " + what, e);
        }
    }
}
