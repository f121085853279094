package io.manimvideo.api.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.manimvideo.api.settings.Setting;
import io.manimvideo.api.settings.Settings;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class CodegenEnvTest {

    @Test
    void aProvidersVariablesAreNamedByOneRule() {
        assertThat(CodegenEnv.forProvider(CodegenEnv.PROVIDER_API_KEY, "groq").name())
                .isEqualTo("CODEGEN_GROQ_API_KEY");
        assertThat(CodegenEnv.forProvider(CodegenEnv.PROVIDER_MODEL, "my-llm.v2")
                        .name())
                .isEqualTo("CODEGEN_MY_LLM_V2_MODEL");
        assertThat(CodegenEnv.PROVIDER_API_KEY.matches("CODEGEN_MY_LLM_V2_API_KEY"))
                .isTrue();
        assertThat(CodegenEnv.forProvider(CodegenEnv.PROVIDER_API_KEY, "groq").secret())
                .isTrue();
    }

    @Test
    void everyVariableIsACodegenVariableAndUrlsAreSecret() {
        assertThat(Settings.declaredIn(CodegenEnv.class))
                .extracting(Setting::name)
                .allMatch(n -> n.startsWith("CODEGEN_"))
                .doesNotHaveDuplicates()
                .contains("CODEGEN_PROBLEM_TEXT", "CODEGEN_PROVIDERS", "CODEGEN_<NAME>_API_KEY");
        assertThat(Settings.declaredIn(CodegenEnv.class))
                .filteredOn(s -> s.name().endsWith("_URL") && !s.isFamily())
                .isNotEmpty()
                .allMatch(Setting::secret);
        assertThat(CodegenEnv.passedOnByTheOperator()).noneMatch(Setting::secret);
    }

    @Test
    void providerKindsAreReadInAnyCase() {
        assertThat(CodegenEnv.PROVIDER_KIND.parse("OpenAI")).isEqualTo("openai");
        assertThat(CodegenEnv.PROVIDER_KIND.matches("CODEGEN_GROQ_KIND")).isTrue();
    }
}
