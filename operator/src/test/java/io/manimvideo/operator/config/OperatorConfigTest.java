package io.manimvideo.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class OperatorConfigTest {

    @Test
    void defaultsFollowTheDesignNotes() {
        OperatorConfig config =
                OperatorConfig.fromEnv(Map.of("POD_NAMESPACE", "manim", "STORAGE_ENDPOINT", "https://r2"));
        assertThat(config.watchNamespaces()).containsExactly("manim");
        assertThat(config.render().image()).isEqualTo("ghcr.io/manim-video/render:0.1.0");
        assertThat(config.render().memoryLimit()).isEqualTo("2Gi");
        assertThat(config.render().deadlineSeconds()).isEqualTo(600);
        assertThat(config.codegen().deadlineSeconds()).isEqualTo(180);
        assertThat(config.maxConcurrentRenders()).isEqualTo(4);
        assertThat(config.lifetimes().queued()).isEqualTo(Duration.ofHours(1));
        assertThat(config.lifetimes().ready()).isEqualTo(Duration.ofHours(24));
        assertThat(config.lifetimes().deliveryGrace()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.lifetimes().deliveredRecord()).isEqualTo(Duration.ofDays(7));
        assertThat(config.storage().region()).isEqualTo("auto");
        assertThat(config.storage().bucket()).isEqualTo("manim-videos");
        assertThat(config.presignTtl()).isEqualTo(Duration.ofMinutes(25));
        assertThat(config.providers().names()).isEmpty();
        assertThat(config.providers().secretName()).isEqualTo("manim-video-ai");
        assertThat(config.leaderElection()).isTrue();
        assertThat(config.httpPort()).isEqualTo(8080);
    }

    @Test
    void providersKeepTheirOrderAndOnlyNonSecretSettings() {
        OperatorConfig config = OperatorConfig.fromEnv(Map.of(
                "WATCH_NAMESPACES",
                "*",
                "CODEGEN_PROVIDERS",
                "Groq, cloudflare",
                "CODEGEN_GROQ_MODEL",
                "llama",
                "CODEGEN_GROQ_API_KEY",
                "gsk_secret",
                "CODEGEN_CLOUDFLARE_ACCOUNT_ID",
                "acc"));
        assertThat(config.watchesAllNamespaces()).isTrue();
        assertThat(config.providers().names()).containsExactly("groq", "cloudflare");
        assertThat(config.providers().settings())
                .containsEntry("CODEGEN_GROQ_MODEL", "llama")
                .containsEntry("CODEGEN_CLOUDFLARE_ACCOUNT_ID", "acc")
                .doesNotContainKey("CODEGEN_GROQ_API_KEY");
    }

    @Test
    void badValuesNameTheVariable() {
        assertThatThrownBy(() -> OperatorConfig.fromEnv(Map.of("READY_TTL", "24h")))
                .hasMessageContaining("READY_TTL")
                .hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> OperatorConfig.fromEnv(Map.of("MAX_CONCURRENT_RENDERS", "four")))
                .hasMessageContaining("MAX_CONCURRENT_RENDERS");
        assertThatThrownBy(() -> OperatorConfig.fromEnv(Map.of("LEADER_ELECTION", "yes")))
                .hasMessageContaining("LEADER_ELECTION");
    }

    @Test
    void storageKeysNeverAppearInTheConfigurationsText() {
        OperatorConfig config = OperatorConfig.fromEnv(
                Map.of("STORAGE_ACCESS_KEY", "AKIAEXAMPLE", "STORAGE_SECRET_KEY", "very-secret"));
        assertThat(config.toString()).doesNotContain("AKIAEXAMPLE").doesNotContain("very-secret");
    }
}
