package io.manimvideo.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** contracts/limits.json is the one place of the code limit and the quality presets; the Java side agrees with it. */
@Tag("unit")
class LimitsTest {
    @Test
    void theCommittedCrdLimitsCodeToTheContractsSize() throws IOException {
        CustomResourceDefinition crd = new KubernetesSerialization()
                .unmarshal(Files.readString(Path.of(CommittedCrdTest.FILE)), CustomResourceDefinition.class);
        JSONSchemaProps spec = crd.getSpec()
                .getVersions()
                .get(0)
                .getSchema()
                .getOpenAPIV3Schema()
                .getProperties()
                .get("spec");
        assertThat(spec.getProperties().get("manimCode").getMaxLength())
                .as("spec.manimCode maxLength in crds/%s", CommittedCrdTest.FILE)
                .isEqualTo(Limits.CONTRACT.code().maxBytes())
                .isEqualTo(VideoJobSpec.CODE_MAX_BYTES);
    }

    @Test
    void everyQualityHasExactlyOnePresetInTheContract() {
        assertThat(Limits.CONTRACT.qualities().keySet())
                .containsExactlyInAnyOrderElementsOf(
                        Arrays.stream(Quality.values()).map(Quality::wireName).toList());
        assertThat(Quality.LOW.width()).isEqualTo(854);
        assertThat(Quality.MEDIUM.height()).isEqualTo(720);
        assertThat(Quality.HIGH.fps()).isEqualTo(60);
    }

    @Test
    void theWebApiOffersTheContractsQualities() throws IOException {
        JsonNode openapi = new ObjectMapper(new YAMLFactory())
                .readTree(Path.of("../contracts/openapi.yaml").toFile());
        List<String> offered = new ArrayList<>();
        openapi.at("/components/schemas/RenderOptions/properties/quality/enum").forEach(q -> offered.add(q.asText()));
        assertThat(offered)
                .containsExactlyInAnyOrderElementsOf(Limits.CONTRACT.qualities().keySet());
    }

    @Test
    void theWebApiAndTheCrdAcceptTheSameLanguageTags() throws IOException {
        JsonNode openapi = new ObjectMapper(new YAMLFactory())
                .readTree(Path.of("../contracts/openapi.yaml").toFile());
        assertThat(openapi.at("/components/schemas/Language/pattern").asText()).isEqualTo(LanguageTag.PATTERN);
        assertThat(LanguageTag.isValid("pt-BR")).isTrue();
        assertThat(LanguageTag.isValid("english!")).isFalse();
    }
}
