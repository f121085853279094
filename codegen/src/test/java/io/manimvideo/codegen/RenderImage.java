package io.manimvideo.codegen;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the render image's Python package lives in this repository, for running its real check command. */
final class RenderImage {
    static final String CHECK_COMMAND = "python3 -m manimrender check";

    private RenderImage() {}

    /**
     * The offline explainer needs SymPy, so it runs with the render image's venv ({@code MANIM_VENV}, else
     * {@code render-image/.venv}, as {@code render-image/setup-venv.sh} makes it).
     */
    static String explainCommand() {
        String venv = System.getenv("MANIM_VENV");
        Path dir = venv == null || venv.isBlank() ? Path.of("..", "render-image", ".venv") : Path.of(venv);
        Path python = dir.resolve("bin").resolve("python").toAbsolutePath().normalize();
        if (!Files.isExecutable(python)) {
            throw new IllegalStateException(
                    "the render image's venv is missing at " + dir + " (render-image/setup-venv.sh)");
        }
        return python + " -m manimrender explain";
    }

    /** {@code render-image/src} beside this module (Maven runs tests in the module's directory). */
    static Path sourceDir() {
        Path dir = Path.of("..", "render-image", "src").toAbsolutePath().normalize();
        if (!Files.isRegularFile(dir.resolve("manimrender").resolve("__main__.py"))) {
            throw new IllegalStateException("the render image's package is missing at " + dir);
        }
        return dir;
    }
}
