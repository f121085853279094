package io.manimvideo.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.manimvideo.api.VideoJobSpec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** What a spec written under a newer CRD makes the operator say. */
@Tag("unit")
class SpecCheckTest {
    private final KubernetesSerialization json = new KubernetesSerialization();

    private VideoJobSpec spec(String body) {
        return json.unmarshal(body, VideoJobSpec.class);
    }

    @Test
    void aSpecOfThisVersionIsActedOn() {
        assertThat(SpecCheck.problem(spec("""
        {"submissionType":"direct_code","platform":"telegram","sessionId":"s","manimCode":"x"}"""))).isEmpty();
    }

    @Test
    void unknownFieldsAndValuesAreNamed() {
        assertThat(SpecCheck.problem(spec("""
        {"submissionType":"latex","platform":"web","sessionId":"s","voice":"calm","options":{"fps":90}}""")))
                .hasValue("unknown fields spec.voice, spec.options.fps; spec.submissionType is missing or has a value"
                        + " this version does not know");
    }

    @Test
    void theTextTheTypeNeedsMustBeThere() {
        assertThat(SpecCheck.problem(spec("""
        {"submissionType":"problem","platform":"web","sessionId":"s","manimCode":"x"}""")))
                .hasValueSatisfying(m -> assertThat(m).contains("spec.problemText is missing"));
    }
}
