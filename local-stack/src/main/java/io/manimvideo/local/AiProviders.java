package io.manimvideo.local;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * AI provider keys found in the environment, turned into what the operator expects: the provider order
 * ({@code CODEGEN_PROVIDERS}) and the Secret data ({@code CODEGEN_<NAME>_API_KEY}). Without any key the
 * stack runs on graceful degradation alone.
 *
 * @param names providers in the order to try
 * @param secretData keys for the Secret codegen pods read them from
 * @param settings extra operator settings (Cloudflare account id)
 */
record AiProviders(List<String> names, Map<String, String> secretData, Map<String, String> settings) {

  /** A provider and the usual variables its key is found in. */
  private record KeySource(String name, List<String> variables) {
  }

  /** In the order the providers are tried. */
  private static final List<KeySource> KEY_SOURCES = List.of(
      new KeySource("groq", List.of("CODEGEN_GROQ_API_KEY", "GROQ_API_KEY")),
      new KeySource("cloudflare", List.of("CODEGEN_CLOUDFLARE_API_KEY", "CLOUDFLARE_API_TOKEN")),
      new KeySource("huggingface", List.of("CODEGEN_HUGGINGFACE_API_KEY", "HF_TOKEN", "HUGGINGFACE_API_KEY")),
      new KeySource("openai", List.of("CODEGEN_OPENAI_API_KEY", "OPENAI_API_KEY")));

  static AiProviders fromEnv(Map<String, String> env) {
    List<String> names = new ArrayList<>();
    Map<String, String> secret = new LinkedHashMap<>();
    Map<String, String> settings = new LinkedHashMap<>();
    Optional<String> accountId = first(env, List.of("CODEGEN_CLOUDFLARE_ACCOUNT_ID", "CLOUDFLARE_ACCOUNT_ID"));
    for (KeySource source : KEY_SOURCES) {
      Optional<String> key = first(env, source.variables());
      // a Workers AI URL needs the account as well as the token
      if (key.isPresent() && !(source.name().equals("cloudflare") && accountId.isEmpty())) {
        names.add(source.name());
        secret.put("CODEGEN_" + source.name().toUpperCase() + "_API_KEY", key.get());
      }
    }
    if (names.contains("cloudflare")) {
      settings.put("CODEGEN_CLOUDFLARE_ACCOUNT_ID", accountId.orElseThrow());
    }
    return new AiProviders(List.copyOf(names), Map.copyOf(secret), Map.copyOf(settings));
  }

  boolean none() {
    return names.isEmpty();
  }

  private static Optional<String> first(Map<String, String> env, List<String> variables) {
    return variables.stream().map(env::get).filter(v -> v != null && !v.isBlank()).findFirst();
  }
}
