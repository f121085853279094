package io.manimvideo.local.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * What a benchmark's one local stack needs: the project directory, a state directory the render pods' user
 * namespaces can pass through (0711), and the stack's console (service logs among it), for reading after a run.
 */
record BenchRun(Path project, Path state, PrintStream console) {
    static BenchRun prepare(String name) throws IOException {
        Path project = Path.of(System.getProperty("manimvideo.project.dir", ".."))
                .toAbsolutePath()
                .normalize();
        Path state = Files.createTempDirectory(
                "manim-" + name + "-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx--x--x")));
        var console =
                new PrintStream(Files.newOutputStream(state.resolve("console.log")), true, StandardCharsets.UTF_8);
        System.out.println("the stack's console: " + state.resolve("console.log"));
        return new BenchRun(project, state, console);
    }
}
