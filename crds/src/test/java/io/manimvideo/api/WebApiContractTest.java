package io.manimvideo.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The web API contract ({@code contracts/openapi.yaml}) spells out the API module's enums and limits for clients;
 * these checks fail when the two drift apart.
 */
@Tag("unit")
class WebApiContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode schemas;

    @BeforeAll
    static void readContract() throws IOException {
        schemas = new ObjectMapper(new YAMLFactory())
                .readTree(Path.of("../contracts/openapi.yaml").toFile())
                .at("/components/schemas");
    }

    @Test
    void enumsAreTheApiModulesWireNames() {
        assertThat(texts("/Platform/enum")).containsExactlyElementsOf(wireNames(Platform.values()));
        assertThat(texts("/SubmissionType/enum")).containsExactlyElementsOf(wireNames(SubmissionType.values()));
        assertThat(texts("/RenderOptions/properties/format/enum"))
                .containsExactlyElementsOf(wireNames(VideoFormat.values()));
        assertThat(texts("/Phase/enum"))
                .containsExactlyElementsOf(
                        Arrays.stream(Phase.values()).map(Phase::wireName).toList());
    }

    @Test
    void limitsAreTheApiModulesLimits() {
        assertThat(schemas.at("/RenderOptions/properties/max_duration_seconds/maximum")
                        .asInt())
                .isEqualTo(RenderOptions.MAX_DURATION_LIMIT_SECONDS);
        assertThat(schemas.at("/JobStatus/properties/retry_count/maximum").asInt())
                .as("retries after the first attempt")
                .isEqualTo(VideoJobStatus.MAX_ATTEMPTS - 1);
    }

    private static List<String> texts(String pointer) {
        List<String> values = new ArrayList<>();
        schemas.at(pointer).forEach(v -> values.add(v.asText()));
        assertThat(values).as(pointer).isNotEmpty();
        return values;
    }

    private static List<String> wireNames(Enum<?>[] values) {
        return Arrays.stream(values)
                .map(v -> JSON.convertValue(v, String.class))
                .toList();
    }
}
