package io.manimvideo.api.workload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The Java side of {@code contracts/workload-result.schema.json} (the render image reads the schema itself). */
@Tag("unit")
class WorkloadResultContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void outcomesAndTheMessageLimitAreTheSchemas() throws IOException {
        JsonNode properties = JSON.readTree(
                        Path.of("../contracts/workload-result.schema.json").toFile())
                .at("/properties");
        List<String> outcomes = new ArrayList<>();
        properties.at("/outcome/enum").forEach(o -> outcomes.add(o.asText()));
        assertThat(Arrays.stream(Outcome.values())
                        .filter(o -> o != Outcome.UNKNOWN)
                        .map(o -> JSON.convertValue(o, String.class))
                        .toList())
                .as("every outcome but the reader's fallback")
                .containsExactlyElementsOf(outcomes);
        List<String> fields = new ArrayList<>();
        properties.fieldNames().forEachRemaining(fields::add);
        assertThat(Arrays.stream(WorkloadResult.class.getRecordComponents())
                        .map(java.lang.reflect.RecordComponent::getName)
                        .toList())
                .as("the record has every field of the schema, no more")
                .containsExactlyInAnyOrderElementsOf(fields);
        List<String> partFields = new ArrayList<>();
        properties.at("/parts/items/properties").fieldNames().forEachRemaining(partFields::add);
        assertThat(Arrays.stream(WorkloadResult.PlannedPart.class.getRecordComponents())
                        .map(java.lang.reflect.RecordComponent::getName)
                        .toList())
                .containsExactlyElementsOf(partFields);
        assertThat(WorkloadResultCodec.MAX_MESSAGE_CHARS)
                .isEqualTo(properties.at("/message/maxLength").asInt());
    }

    @Test
    void everyFieldOfTheSchemaIsAFieldOfTheRecordAndNoOther() throws IOException {
        List<String> schemaFields = new ArrayList<>();
        JSON.readTree(Path.of("../contracts/workload-result.schema.json").toFile())
                .at("/properties")
                .fieldNames()
                .forEachRemaining(schemaFields::add);
        assertThat(Arrays.stream(WorkloadResult.class.getRecordComponents())
                        .map(RecordComponent::getName)
                        .toList())
                .as("a field the operator would drop silently, or one no workload can write")
                .containsExactlyInAnyOrderElementsOf(schemaFields);
    }
}
