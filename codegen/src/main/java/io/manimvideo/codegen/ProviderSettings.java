package io.manimvideo.codegen;

import io.manimvideo.api.settings.Environment;
import io.manimvideo.api.settings.Setting;
import io.manimvideo.api.workload.CodegenEnv;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One AI provider as configured by {@code CODEGEN_<NAME>_*} ({@link CodegenEnv}).
 *
 * @param name the name in {@code CODEGEN_PROVIDERS}, reported as the provider used
 * @param kind wire format
 * @param baseUrl API root, e.g. {@code https://api.groq.com/openai/v1}
 * @param model model id
 * @param apiKey bearer token; empty for local servers without auth (Ollama, vLLM)
 * @param timeout limit for one request
 * @param accountId Cloudflare account (Workers AI only)
 */
public record ProviderSettings(
        String name, ProviderKind kind, URI baseUrl, String model, String apiKey, Duration timeout, String accountId) {

    /** Base URL and model used when the operator passes none, for the providers the product knows. */
    private record Known(ProviderKind kind, String baseUrl, String model) {}

    private static final Map<String, Known> KNOWN = Map.of(
            "cloudflare",
                    new Known(
                            ProviderKind.CLOUDFLARE,
                            "https://api.cloudflare.com/client/v4",
                            "@cf/meta/llama-3.3-70b-instruct-fp8-fast"),
            "groq", new Known(ProviderKind.OPENAI, "https://api.groq.com/openai/v1", "llama-3.3-70b-versatile"),
            "huggingface",
                    new Known(
                            ProviderKind.OPENAI, "https://router.huggingface.co/v1", "Qwen/Qwen2.5-Coder-32B-Instruct"),
            "openai", new Known(ProviderKind.OPENAI, "https://api.openai.com/v1", "gpt-4o-mini"));

    /**
     * Reads the provider's members of the {@code CODEGEN_<NAME>_*} families of {@link CodegenEnv}, and for Workers
     * AI {@code CODEGEN_CLOUDFLARE_ACCOUNT_ID}.
     *
     * @throws IllegalArgumentException naming the variable that is missing or wrong (never the key)
     */
    static ProviderSettings fromEnvironment(String name, Environment e) {
        String provider = name.toLowerCase(Locale.ROOT);
        Optional<Known> known = Optional.ofNullable(KNOWN.get(provider));
        ProviderKind kind = e.optional(CodegenEnv.forProvider(CodegenEnv.PROVIDER_KIND, provider))
                .map(ProviderKind::fromWireName)
                .orElse(known.map(Known::kind).orElse(ProviderKind.OPENAI));
        Setting<URI> baseUrlSetting = CodegenEnv.forProvider(CodegenEnv.PROVIDER_BASE_URL, provider);
        URI baseUrl = e.optional(baseUrlSetting)
                .or(() -> known.map(k -> URI.create(k.baseUrl())))
                .orElseGet(() -> e.required(baseUrlSetting));
        Setting<String> modelSetting = CodegenEnv.forProvider(CodegenEnv.PROVIDER_MODEL, provider);
        String model =
                e.optional(modelSetting).or(() -> known.map(Known::model)).orElseGet(() -> e.required(modelSetting));
        String accountId = e.optional(CodegenEnv.CLOUDFLARE_ACCOUNT_ID).orElse(null);
        if (kind == ProviderKind.CLOUDFLARE && accountId == null) {
            e.required(CodegenEnv.CLOUDFLARE_ACCOUNT_ID);
        }
        String apiKey = e.optional(CodegenEnv.forProvider(CodegenEnv.PROVIDER_API_KEY, provider))
                .orElse("");
        Duration timeout = e.optional(CodegenEnv.forProvider(CodegenEnv.PROVIDER_TIMEOUT_SECONDS, provider))
                .orElse(CodegenEnv.DEFAULT_PROVIDER_TIMEOUT);
        return new ProviderSettings(
                provider,
                kind,
                URI.create(baseUrl.toString().replaceAll("/+$", "")),
                model,
                apiKey,
                timeout,
                accountId);
    }

    /** Never prints the key: settings end up in exception messages and debuggers. */
    @Override
    public String toString() {
        return "ProviderSettings[name=" + name + ", kind=" + kind + ", baseUrl=" + baseUrl + ", model=" + model
                + ", apiKey=" + (apiKey.isEmpty() ? "<none>" : "<redacted>") + ", timeout=" + timeout + "]";
    }
}
