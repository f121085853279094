package io.manimvideo.operator.codegen;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the render image's Python package lives in this repository, for running its real check command. */
final class RenderImage {
  static final String CHECK_COMMAND = "python3 -m manimrender check";

  private RenderImage() {}

  /** {@code render-image/src} beside this module (Maven runs tests in the module's directory). */
  static Path sourceDir() {
    Path dir = Path.of("..", "render-image", "src").toAbsolutePath().normalize();
    if (!Files.isRegularFile(dir.resolve("manimrender").resolve("__main__.py"))) {
      throw new IllegalStateException("the render image's package is missing at " + dir);
    }
    return dir;
  }
}
