package io.manimvideo.api.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class WorkloadResultCodecTest {
    private final WorkloadResultCodec codec = new WorkloadResultCodec();

    @Test
    void readsWhatThePythonRenderPackageWrites() {
        String json = "{\"version\":1,\"workload\":\"render\",\"outcome\":\"invalid_code\","
                + "\"message\":\"line 3, column 1: import of 'os' is not allowed\",\"line\":3,\"column\":1,"
                + "\"repairs\":[\"ShowCreation -> Create (line 7)\"],\"futureField\":{\"x\":1}}";
        WorkloadResult result = codec.parse(json).orElseThrow();
        assertThat(result.outcome()).isEqualTo(Outcome.INVALID_CODE);
        assertThat(result.outcome().blamesCode()).isTrue();
        assertThat(result.line()).isEqualTo(3);
        assertThat(result.repairs()).containsExactly("ShowCreation -> Create (line 7)");
    }

    @Test
    void readsThePlanOfALongSceneAsTheRenderPodWritesIt() {
        String json = "{\"version\":1,\"workload\":\"render\",\"outcome\":\"ok\",\"message\":\"planned in 2 parts\","
                + "\"parts\":[{\"first\":0,\"last\":5,\"seconds\":14.5},{\"first\":6,\"last\":11,\"seconds\":15.0}]}";
        WorkloadResult result = codec.parse(json).orElseThrow();
        assertThat(result.isPlannedInParts()).isTrue();
        assertThat(result.parts())
                .containsExactly(
                        new WorkloadResult.PlannedPart(0, 5, 14.5), new WorkloadResult.PlannedPart(6, 11, 15.0));
        assertThat(codec.parse(codec.write(result)).orElseThrow().parts()).isEqualTo(result.parts());
        assertThat(codec.parse(json.replace(",\"parts\":[", ",\"x\":["))
                        .orElseThrow()
                        .isPlannedInParts())
                .isFalse();
    }

    @Test
    void unknownOutcomeIsKeptAsUnknownAndDoesNotBlameTheCode() {
        WorkloadResult result = codec.parse("{\"version\":2,\"outcome\":\"cosmic_ray\",\"message\":\"?\"}")
                .orElseThrow();
        assertThat(result.outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(result.outcome().blamesCode()).isFalse();
    }

    @Test
    void missingGarbledOrOversizedMessagesAreEmpty() {
        assertThat(codec.parse(null)).isEmpty();
        assertThat(codec.parse("")).isEmpty();
        assertThat(codec.parse("Traceback (most recent call last):")).isEmpty();
        assertThat(codec.parse("{\"message\":\"no outcome\"}")).isEmpty();
        assertThat(codec.parse("[1,2]")).isEmpty();
        assertThat(codec.parse("{\"outcome\":\"ok\",\"message\":\"" + "x".repeat(5000) + "\"}"))
                .isEmpty();
    }

    @Test
    void writtenMessagesAlwaysFitInFourKilobytes() {
        WorkloadResult huge = new WorkloadResult(
                1,
                "render",
                Outcome.RENDER_ERROR,
                "é".repeat(3000),
                1,
                1,
                Collections.nCopies(400, "TextMobject -> Text (line 12)"),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        String json = codec.write(huge);
        assertThat(json.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(WorkloadResult.MAX_BYTES);
        WorkloadResult back = codec.parse(json).orElseThrow();
        assertThat(back.outcome()).isEqualTo(Outcome.RENDER_ERROR);
        assertThat(back.message()).startsWith("ééé").endsWith("…");
    }

    @Test
    void roundTripsEveryField() {
        WorkloadResult ok = new WorkloadResult(
                1,
                "codegen",
                Outcome.OK,
                "code written",
                null,
                null,
                List.of(),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                "a".repeat(64),
                120L,
                "groq",
                "llama",
                800L,
                100,
                200,
                false,
                io.manimvideo.api.MathVerified.FALSE,
                null,
                null,
                null,
                null,
                1,
                null);
        assertThat(codec.parse(codec.write(ok))).contains(ok);
        assertThat(codec.write(ok))
                .contains("\"mathVerified\":\"false\"", "\"truncatedCalls\":1")
                .doesNotContain("offlineExplanation");
    }
}
