package io.manimvideo.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The committed CRD is what `kubectl apply` and the Helm chart install: it must be what the types generate. */
@Tag("unit")
class CommittedCrdTest {
    static final String FILE = "videojobs.manimvideo.io-v1.yml";

    @Test
    void committedCrdMatchesTheGeneratedOne() throws IOException {
        String generated = Files.readString(Path.of("target/classes/META-INF/fabric8", FILE));
        String committed = Files.readString(Path.of(FILE));
        assertThat(committed)
                .as(
                        "crds/%s is stale: copy target/classes/META-INF/fabric8/%s (written by GenerateCrd) over it and to helm/manim-video/crds/, and commit",
                        FILE, FILE)
                .isEqualTo(generated);
    }
}
