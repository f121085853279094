package io.manimvideo.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class AiProvidersTest {
    @Test
    void noKeyMeansGracefulDegradationOnly() {
        var providers = AiProviders.fromEnv(Map.of("PATH", "/usr/bin"));
        assertThat(providers.none()).isTrue();
        assertThat(providers.secretData()).isEmpty();
    }

    @Test
    void keysBecomeProvidersInOrderAndSecretData() {
        var providers = AiProviders.fromEnv(
                Map.of("OPENAI_API_KEY", "sk-o", "GROQ_API_KEY", "gsk-g", "CLOUDFLARE_API_TOKEN", "cf-t"));
        // cloudflare needs its account id too
        assertThat(providers.names()).containsExactly("groq", "openai");
        assertThat(providers.secretData())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("CODEGEN_GROQ_API_KEY", "gsk-g", "CODEGEN_OPENAI_API_KEY", "sk-o"));

        var withAccount = AiProviders.fromEnv(Map.of("CLOUDFLARE_API_TOKEN", "cf-t", "CLOUDFLARE_ACCOUNT_ID", "acc"));
        assertThat(withAccount.names()).containsExactly("cloudflare");
        assertThat(withAccount.settings()).containsEntry("CODEGEN_CLOUDFLARE_ACCOUNT_ID", "acc");
    }
}
