package io.manimvideo.api.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class EnvironmentTest {
    static final Setting<Duration> TTL = Setting.duration("SOME_TTL", "P7D", "a lifetime");
    static final Setting<String> TOKEN =
            Setting.optional("SOME_TOKEN", SettingType.TEXT, "—", "a token").asSecret();
    static final Setting<String> MODE = new Setting<>("SOME_MODE", SettingType.oneOf("a", "b"), "a", null, "m", false);
    static final Setting<Integer> COUNT = Setting.integer("SOME_COUNT", 4, "a count");
    static final Setting<String> MODEL = Setting.optional("CODEGEN_<NAME>_MODEL", SettingType.TEXT, "—", "a model");

    @Test
    void unsetAndBlankTakeTheDefaultAndValuesAreTrimmed() {
        assertThat(new Environment(Map.of()).get(TTL)).isEqualTo(Duration.ofDays(7));
        assertThat(new Environment(Map.of("SOME_TTL", "  ")).get(TTL)).isEqualTo(Duration.ofDays(7));
        assertThat(new Environment(Map.of("SOME_TTL", " PT5M ")).get(TTL)).isEqualTo(Duration.ofMinutes(5));
        assertThat(new Environment(Map.of("SOME_TOKEN", "")).optional(TOKEN)).isEmpty();
        assertThatThrownBy(() -> new Environment(Map.of()).get(TOKEN)).hasMessageContaining("SOME_TOKEN");
    }

    @Test
    void badValuesNameTheVariableAndWhatItTakesButNeverASecret() {
        assertThatThrownBy(() -> new Environment(Map.of("SOME_COUNT", "four")).get(COUNT))
                .hasMessage("SOME_COUNT must be a whole number, got 'four'");
        assertThatThrownBy(() -> new Environment(Map.of("SOME_MODE", "c")).get(MODE))
                .hasMessage("SOME_MODE must be one of a, b, got 'c'");
        assertThatThrownBy(() -> new Environment(Map.of("SOME_TTL", "PT0S")).get(TTL))
                .hasMessage("SOME_TTL must be an ISO-8601 duration above zero (PT5M), got 'PT0S'");
        assertThatThrownBy(() -> new Environment(Map.of("SOME_TTL", "-PT5M")).get(TTL))
                .hasMessage("SOME_TTL must be an ISO-8601 duration above zero (PT5M), got '-PT5M'");
        Setting<Integer> secretNumber = Setting.integer("SOME_PIN", 1, "a pin").asSecret();
        assertThatThrownBy(() -> new Environment(Map.of("SOME_PIN", "hunter2")).get(secretNumber))
                .hasMessageContaining("SOME_PIN")
                .message()
                .doesNotContain("hunter2");
    }

    @Test
    void aDefaultThatDoesNotParseIsRefusedWhereItIsDeclared() {
        assertThatThrownBy(() -> Setting.duration("SOME_TTL", "24h", "a lifetime"))
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void aFamilyStandsForEachOfItsMembers() {
        assertThat(MODEL.forPart("GROQ").name()).isEqualTo("CODEGEN_GROQ_MODEL");
        assertThat(MODEL.matches("CODEGEN_GROQ_MODEL")).isTrue();
        assertThat(MODEL.matches("CODEGEN_GROQ_MODLE")).isFalse();
        assertThat(COUNT.matches("SOME_COUNT")).isTrue();
        assertThat(COUNT.matches("SOME_COUNTS")).isFalse();
    }

    @Test
    void requiredVariablesAreNamedWhenMissing() {
        Setting<URI> url =
                Setting.optional("SOME_URL", SettingType.HTTP_URL, "—", "a URL").asSecret();
        assertThatThrownBy(() -> new Environment(Map.of("SOME_URL", " ")).required(url))
                .hasMessage("SOME_URL is not set");
        assertThatThrownBy(() -> new Environment(Map.of("SOME_URL", "file:///etc/passwd?sig=x")).required(url))
                .hasMessage("SOME_URL must be an http(s) URL");
        assertThat(new Environment(Map.of("SOME_URL", " https://r2.example/b?sig=x ")).text(url))
                .contains("https://r2.example/b?sig=x");
    }

    @Test
    void numbersListsAndSecondsHaveTheirShapes() {
        assertThatThrownBy(() -> SettingType.POSITIVE_INTEGER.parser().apply("0"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(SettingType.SECONDS.parser().apply("45")).isEqualTo(Duration.ofSeconds(45));
        assertThat(SettingType.LIST.parser().apply("groq, ,cloudflare")).containsExactly("groq", "cloudflare");
    }

    @Test
    void settingsAreFoundInDeclarationOrder() {
        assertThat(Settings.declaredIn(SharedSettings.class))
                .extracting(Setting::name)
                .startsWith("POD_NAMESPACE", "HTTP_PORT")
                .contains("STORAGE_SECRET_KEY");
    }
}
