package io.manimvideo.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The project's images as OCI archives, made by {@code scripts/build-images.sh} (the first time, or after a change
 * to what an image holds; otherwise it only hashes its inputs and answers in seconds) for the node to import.
 */
public final class ProjectImages {
    static final String SCRIPT = "scripts/build-images.sh";

    private ProjectImages() {}

    /** Builds (when needed) the named images and returns their archives. */
    public static List<Path> build(Path projectDir, List<String> names, Consumer<String> console) {
        List<String> command =
                new ArrayList<>(List.of("bash", projectDir.resolve(SCRIPT).toString()));
        command.addAll(names);
        try {
            Process process = new ProcessBuilder(command)
                    .directory(projectDir.toFile())
                    .redirectErrorStream(true)
                    .start();
            try (var lines = process.inputReader(StandardCharsets.UTF_8).lines()) {
                lines.forEach(line -> console.accept("[images] " + line));
            }
            if (process.waitFor() != 0) {
                throw new IllegalStateException(
                        "the images did not build (" + SCRIPT + " exited with " + process.exitValue() + ")");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + SCRIPT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the images", e);
        }
        Path archives = cacheDir(System.getenv()).resolve("images");
        return names.stream().map(name -> archives.resolve(name + ".tar")).toList();
    }

    /** {@code MANIMVIDEO_CACHE}, else {@code ~/.cache/manim-video}: where the build scripts keep what they make. */
    public static Path cacheDir(Map<String, String> env) {
        String configured = env.get("MANIMVIDEO_CACHE");
        return configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "manim-video");
    }
}
