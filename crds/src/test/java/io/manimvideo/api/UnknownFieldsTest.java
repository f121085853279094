package io.manimvideo.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A VideoJob written under a newer CRD still deserializes (an informer would stop on it otherwise). */
@Tag("unit")
class UnknownFieldsTest {
    private final KubernetesSerialization json = new KubernetesSerialization();

    @Test
    void unknownFieldsAndEnumValuesAreSetAsideNotFatal() {
        VideoJob vj = json.unmarshal("""
        {"apiVersion":"manimvideo.io/v1alpha1","kind":"VideoJob","metadata":{"name":"x","namespace":"n"},
         "spec":{"submissionType":"latex","platform":"web","sessionId":"s","problemText":"Why is 1+1 two?",
                 "voice":"calm","options":{"quality":"8k","fps":90},"accessibility":{"signLanguage":true}},
         "status":{"phase":"Queued","shard":3}}""", VideoJob.class);

        assertThat(vj.getSpec().unknownFields()).containsExactly("voice");
        assertThat(vj.getSpec().getSubmissionType()).isNull();
        assertThat(vj.getSpec().getPlatform()).isEqualTo(Platform.WEB);
        assertThat(vj.getSpec().getOptions().unknownFields()).containsExactly("fps");
        assertThat(vj.getSpec().getOptions().getQuality()).isEqualTo(Quality.LOW);
        assertThat(vj.getSpec().getAccessibility().unknownFields()).containsExactly("signLanguage");
        assertThat(vj.getStatus().unknownFields()).containsExactly("shard");
        assertThat(vj.getStatus().getPhase()).isEqualTo(Phase.QUEUED);
        // a copy keeps them (JOSDK clones each resource through JSON before a reconcile)
        VideoJob copy = json.unmarshal(json.asJson(vj), VideoJob.class);
        assertThat(copy.getSpec().unknownFields()).containsExactly("voice");
        assertThat(copy.getSpec().getOptions().unknownFields()).containsExactly("fps");
    }

    @Test
    void knownFieldsLeaveNothingAside() {
        VideoJob vj = json.unmarshal("""
        {"apiVersion":"manimvideo.io/v1alpha1","kind":"VideoJob","metadata":{"name":"x"},
         "spec":{"submissionType":"problem","platform":"web","sessionId":"s","problemText":"Why is 1+1 two?",
                 "options":{"quality":"high"}}}""", VideoJob.class);

        assertThat(vj.getSpec().unknownFields()).isEmpty();
        assertThat(vj.getSpec().getOptions().unknownFields()).isEmpty();
        assertThat(json.asJson(vj.getSpec())).doesNotContain("unknown");
    }
}
