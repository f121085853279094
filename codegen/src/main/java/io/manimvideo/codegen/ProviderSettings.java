package io.manimvideo.codegen;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * One AI provider as configured by {@code CODEGEN_<NAME>_*}.
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

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /** Base URL and model used when the operator passes none, for the providers the seed names. */
  private record Known(ProviderKind kind, String baseUrl, String model) {}

  private static final Map<String, Known> KNOWN = Map.of(
      "cloudflare", new Known(ProviderKind.CLOUDFLARE, "https://api.cloudflare.com/client/v4",
          "@cf/meta/llama-3.3-70b-instruct-fp8-fast"),
      "groq", new Known(ProviderKind.OPENAI, "https://api.groq.com/openai/v1", "llama-3.3-70b-versatile"),
      "huggingface", new Known(ProviderKind.OPENAI, "https://router.huggingface.co/v1",
          "Qwen/Qwen2.5-Coder-32B-Instruct"),
      "openai", new Known(ProviderKind.OPENAI, "https://api.openai.com/v1", "gpt-4o-mini"));

  /**
   * Reads {@code CODEGEN_<NAME>_KIND}, {@code _BASE_URL}, {@code _MODEL}, {@code _API_KEY},
   * {@code _TIMEOUT_SECONDS}, and for Workers AI {@code CODEGEN_CLOUDFLARE_ACCOUNT_ID}.
   *
   * @throws IllegalArgumentException naming the variable that is missing or wrong (never its value)
   */
  static ProviderSettings fromEnvironment(String name, Map<String, String> env) {
    String prefix = "CODEGEN_" + name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + "_";
    Known known = KNOWN.get(name.toLowerCase(Locale.ROOT));
    String kindText = env.get(prefix + "KIND");
    ProviderKind kind = present(kindText) ? ProviderKind.parse(kindText)
        : known != null ? known.kind() : ProviderKind.OPENAI;
    String baseUrl = firstPresent(env.get(prefix + "BASE_URL"), known == null ? null : known.baseUrl());
    String model = firstPresent(env.get(prefix + "MODEL"), known == null ? null : known.model());
    if (baseUrl == null) {
      throw new IllegalArgumentException(prefix + "BASE_URL is not set");
    }
    if (model == null) {
      throw new IllegalArgumentException(prefix + "MODEL is not set");
    }
    String accountId = firstPresent(env.get("CODEGEN_CLOUDFLARE_ACCOUNT_ID"), null);
    if (kind == ProviderKind.CLOUDFLARE && accountId == null) {
      throw new IllegalArgumentException("CODEGEN_CLOUDFLARE_ACCOUNT_ID is not set");
    }
    String apiKey = env.getOrDefault(prefix + "API_KEY", "").trim();
    Duration timeout = CodegenSettings.seconds(env, prefix + "TIMEOUT_SECONDS", DEFAULT_TIMEOUT);
    return new ProviderSettings(name.toLowerCase(Locale.ROOT), kind, CodegenSettings.uri(prefix + "BASE_URL",
        baseUrl.replaceAll("/+$", "")), model, apiKey, timeout, accountId);
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }

  private static String firstPresent(String value, String fallback) {
    return present(value) ? value.trim() : fallback;
  }

  /** Never prints the key: settings end up in exception messages and debuggers. */
  @Override
  public String toString() {
    return "ProviderSettings[name=" + name + ", kind=" + kind + ", baseUrl=" + baseUrl + ", model=" + model
        + ", apiKey=" + (apiKey.isEmpty() ? "<none>" : "<redacted>") + ", timeout=" + timeout + "]";
  }
}
