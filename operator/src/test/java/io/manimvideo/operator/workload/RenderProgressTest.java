package io.manimvideo.operator.workload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.manimvideo.api.Phase;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The operator understands every progress event {@code contracts/progress-event.schema.json} allows (the render
 * package's side: render-image/tests/test_job.py validates what it writes against the same schema).
 */
@Tag("unit")
class RenderProgressTest {
    private static final JsonNode SCHEMA = schema();

    private static JsonNode schema() {
        try (InputStream in =
                RenderProgressTest.class.getClassLoader().getResourceAsStream("contracts/progress-event.schema.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String event(String stage, int percent) {
        return "{\"event\":\"progress\",\"stage\":\"" + stage + "\",\"percent\":" + percent + "}";
    }

    @Test
    void everyStageOfTheSchemaIsAPhaseInItsOrder() {
        List<Phase> phases = new ArrayList<>();
        SCHEMA.at("/properties/stage/enum")
                .forEach(stage -> phases.add(RenderProgress.parse(event(stage.asText(), 50))
                        .orElseThrow()
                        .phase()));
        assertThat(phases).containsExactly(Phase.CODE_VALIDATING, Phase.RENDERING, Phase.UPLOADING);
    }

    @Test
    void percentKeepsTheSchemasBounds() {
        int min = SCHEMA.at("/properties/percent/minimum").asInt();
        int max = SCHEMA.at("/properties/percent/maximum").asInt();
        assertThat(RenderProgress.parse(event("rendering", min)).orElseThrow().percent())
                .isEqualTo(min);
        assertThat(RenderProgress.parse(event("uploading", max)).orElseThrow().percent())
                .isEqualTo(max);
        assertThat(RenderProgress.parse(event("rendering", max + 50))
                        .orElseThrow()
                        .percent())
                .isEqualTo(max);
    }

    @Test
    void whatTheSchemaDoesNotAllowIsIgnored() {
        assertThat(RenderProgress.parse(event("encoding", 10))).isEmpty();
        assertThat(RenderProgress.parse("[\"rendering\",10]")).isEmpty();
        assertThat(RenderProgress.parse("not json")).isEmpty();
    }
}
