package io.manimvideo.api.workload;

import io.manimvideo.api.settings.Setting;
import io.manimvideo.api.settings.SettingType;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The codegen pod's environment, declared once: the operator's CodegenJobFactory writes it, the codegen module's
 * CodegenSettings reads it (through {@link io.manimvideo.api.settings.Environment}), and docs/configuration.md
 * lists it. The provider settings are the operator's own configuration, passed on unchanged
 * ({@link #passedOnByTheOperator()}).
 */
public final class CodegenEnv {
    private CodegenEnv() {}

    private static final String REQUIRED = "— (required)";
    /** Case does not matter; the value is the lower-case word. */
    private static final SettingType<String> PROVIDER_KIND_TYPE = new SettingType<>(
            "`openai` or `cloudflare`",
            value -> SettingType.oneOf("openai", "cloudflare").parser().apply(value.toLowerCase(Locale.ROOT)));

    public static final Setting<String> PROBLEM_TEXT =
            Setting.optional("CODEGEN_PROBLEM_TEXT", SettingType.TEXT, REQUIRED, "the problem, as the person wrote it");
    public static final Setting<String> LANGUAGE =
            Setting.text("CODEGEN_LANGUAGE", "en", "BCP 47 tag for on-screen text (a value of another shape: `en`)");
    public static final Setting<Integer> ATTEMPT =
            Setting.of("CODEGEN_ATTEMPT", SettingType.POSITIVE_INTEGER, "1", "1-based attempt");
    public static final Setting<URI> PREVIOUS_CODE_URL = Setting.optional(
                    "CODEGEN_PREVIOUS_CODE_URL",
                    SettingType.HTTP_URL,
                    "— (first attempts)",
                    "presigned GET of the previous attempt's code")
            .asSecret();
    public static final Setting<String> PREVIOUS_ERROR = Setting.optional(
            "CODEGEN_PREVIOUS_ERROR",
            SettingType.TEXT,
            "— (first attempts)",
            "the previous attempt's user-safe error, with its line");
    public static final Setting<URI> CODE_PUT_URL = Setting.optional(
                    "CODEGEN_CODE_PUT_URL", SettingType.HTTP_URL, REQUIRED, "presigned PUT for the code it writes")
            .asSecret();
    public static final Setting<URI> LOG_PUT_URL = Setting.optional(
                    "CODEGEN_LOG_PUT_URL",
                    SettingType.HTTP_URL,
                    "— (the log tail is not kept)",
                    "presigned PUT for the log tail")
            .asSecret();
    public static final Setting<Integer> MAX_DURATION_SECONDS = Setting.of(
            "CODEGEN_MAX_DURATION_SECONDS",
            SettingType.POSITIVE_INTEGER,
            "60",
            "the video's maximum duration, for the prompt");
    public static final Setting<List<String>> ACCESSIBILITY = Setting.optional(
            "CODEGEN_ACCESSIBILITY",
            SettingType.LIST,
            "none",
            "wishes among `audio_description`, `high_contrast`, `large_text`");
    public static final Setting<String> RESULT_PATH =
            Setting.text("CODEGEN_RESULT_PATH", "/dev/termination-log", "where the termination message is written");
    public static final Setting<String> CHECK_COMMAND = Setting.text(
            "CODEGEN_CHECK_COMMAND",
            "python -m manimrender check",
            "command that repairs and checks code (code on stdin), split on spaces");
    public static final Setting<String> EXPLAIN_COMMAND = Setting.optional(
            "CODEGEN_EXPLAIN_COMMAND",
            SettingType.TEXT,
            "the check command with `explain` for `check`",
            "the offline explainer (problem on stdin)");
    public static final Setting<Duration> BUDGET_SECONDS = Setting.of(
            "CODEGEN_BUDGET_SECONDS",
            SettingType.SECONDS,
            "150",
            "time for asking providers (it starts after the offline explainer, which has at most 20 s), below"
                    + " the Job's deadline");

    public static final Setting<List<String>> PROVIDERS = Setting.optional(
            "CODEGEN_PROVIDERS",
            SettingType.LIST,
            "none (graceful degradation only)",
            "AI providers in the order to try, by name; each one's"
                    + " `CODEGEN_<NAME>_*` settings are passed to codegen pods");
    public static final Setting<String> PROVIDER_KIND = Setting.optional(
            "CODEGEN_<NAME>_KIND",
            PROVIDER_KIND_TYPE,
            "by name: `cloudflare` for cloudflare, else `openai`",
            "`openai` (any OpenAI-compatible API: Groq, Hugging"
                    + " Face, OpenAI, Ollama, vLLM) or `cloudflare` (Workers AI)");
    public static final Setting<URI> PROVIDER_BASE_URL = Setting.optional(
            "CODEGEN_<NAME>_BASE_URL",
            SettingType.HTTP_URL,
            "known for cloudflare, groq, huggingface, openai",
            "the provider's API base URL");
    public static final Setting<String> PROVIDER_MODEL = Setting.optional(
            "CODEGEN_<NAME>_MODEL",
            SettingType.TEXT,
            "known for cloudflare, groq, huggingface, openai",
            "the model to ask");
    /** The codegen pod's default: the chart states its own for each provider. */
    public static final Duration DEFAULT_PROVIDER_TIMEOUT = Duration.ofSeconds(30);

    public static final Setting<Duration> PROVIDER_TIMEOUT_SECONDS = Setting.optional(
            "CODEGEN_<NAME>_TIMEOUT_SECONDS",
            SettingType.SECONDS,
            "30 in the codegen pod",
            "longest wait for one answer, in seconds");
    public static final Setting<String> CLOUDFLARE_ACCOUNT_ID = Setting.optional(
            "CODEGEN_CLOUDFLARE_ACCOUNT_ID",
            SettingType.TEXT,
            "— (needed by kind `cloudflare`)",
            "Cloudflare account id, for the Workers AI URL");
    public static final Setting<String> PROVIDER_API_KEY = Setting.optional(
                    "CODEGEN_<NAME>_API_KEY",
                    SettingType.TEXT,
                    "none (a keyless local server)",
                    "the provider's key, from the Secret" + " `CODEGEN_SECRET_NAME` (`secretKeyRef`, never a literal)")
            .asSecret();

    /**
     * The provider settings the operator reads from its own environment and passes on to codegen pods unchanged
     * (the keys stay in the Secret). A method, not a constant: the settings are listed once among this class's.
     */
    public static List<Setting<?>> passedOnByTheOperator() {
        return List.of(
                PROVIDERS,
                PROVIDER_KIND,
                PROVIDER_BASE_URL,
                PROVIDER_MODEL,
                PROVIDER_TIMEOUT_SECONDS,
                CLOUDFLARE_ACCOUNT_ID);
    }

    /**
     * One provider's member of a {@code CODEGEN_<NAME>_*} family: NAME is the provider's name in upper case with
     * anything but letters and digits as {@code _} ({@code CODEGEN_GROQ_API_KEY}).
     */
    public static <T> Setting<T> forProvider(Setting<T> family, String provider) {
        return family.forPart(provider.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"));
    }
}
