package io.manimvideo.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The configuration reference people read is the one the declarations generate. */
@Tag("unit")
class ConfigurationReferenceTest {

    @Test
    void committedReferenceIsTheGeneratedOne() throws IOException {
        assertThat(Files.readString(Path.of("../docs/configuration.md")))
                .as("docs/configuration.md is stale: run `mvn -B -ntp -pl helm -am process-test-classes`"
                        + " (GenerateConfigurationReference writes helm/target/configuration.md), then"
                        + " `cp helm/target/configuration.md docs/`, and commit")
                .isEqualTo(GenerateConfigurationReference.text());
    }
}
