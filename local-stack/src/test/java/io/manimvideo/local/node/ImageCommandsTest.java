package io.manimvideo.local.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ImageCommandsTest {
    @Test
    void matchesByRepositoryWhateverTheTagOrDigest() {
        var render = new ImageCommands.ImageCommand(List.of("/venv/bin/python", "-m", "manimrender", "job"), Map.of());
        var images = new ImageCommands().with("ghcr.io/manim-video/render:0.1.0", render);

        assertThat(images.find("ghcr.io/manim-video/render:0.2.0")).contains(render);
        assertThat(images.find("ghcr.io/manim-video/render@sha256:abc")).contains(render);
        assertThat(images.find("ghcr.io/manim-video/render")).contains(render);
        assertThat(images.find("localhost:5000/manim-video/render:0.1.0")).isEmpty();
        assertThat(images.find("ghcr.io/manim-video/codegen:0.1.0")).isEmpty();
    }

    @Test
    void registryPortIsNotATag() {
        assertThat(ImageCommands.repository("localhost:5000/render")).isEqualTo("localhost:5000/render");
        assertThat(ImageCommands.repository("localhost:5000/render:1")).isEqualTo("localhost:5000/render");
    }
}
