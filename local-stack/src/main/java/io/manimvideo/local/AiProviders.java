package io.manimvideo.local;

import io.manimvideo.api.settings.Setting;
import io.manimvideo.api.workload.CodegenEnv;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

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

    /** A provider and where its key is found: the codegen pod's own variable, then the provider's usual ones. */
    private record KeySource(String name, List<String> usualVariables) {
        Setting<String> keyVariable() {
            return CodegenEnv.forProvider(CodegenEnv.PROVIDER_API_KEY, name);
        }

        List<String> variables() {
            return Stream.concat(Stream.of(keyVariable().name()), usualVariables.stream())
                    .toList();
        }
    }

    /** In the order the providers are tried. */
    private static final List<KeySource> KEY_SOURCES = List.of(
            new KeySource("groq", List.of("GROQ_API_KEY")),
            new KeySource("cloudflare", List.of("CLOUDFLARE_API_TOKEN")),
            new KeySource("huggingface", List.of("HF_TOKEN", "HUGGINGFACE_API_KEY")),
            new KeySource("openai", List.of("OPENAI_API_KEY")));

    static AiProviders fromEnv(Map<String, String> env) {
        List<String> names = new ArrayList<>();
        Map<String, String> secret = new LinkedHashMap<>();
        Map<String, String> settings = new LinkedHashMap<>();
        Optional<String> accountId =
                first(env, List.of(CodegenEnv.CLOUDFLARE_ACCOUNT_ID.name(), "CLOUDFLARE_ACCOUNT_ID"));
        for (KeySource source : KEY_SOURCES) {
            Optional<String> key = first(env, source.variables());
            // a Workers AI URL needs the account as well as the token
            if (key.isPresent() && !(source.name().equals("cloudflare") && accountId.isEmpty())) {
                names.add(source.name());
                secret.put(source.keyVariable().name(), key.get());
            }
        }
        if (names.contains("cloudflare")) {
            settings.put(CodegenEnv.CLOUDFLARE_ACCOUNT_ID.name(), accountId.orElseThrow());
        }
        return new AiProviders(List.copyOf(names), Map.copyOf(secret), Map.copyOf(settings));
    }

    boolean none() {
        return names.isEmpty();
    }

    private static Optional<String> first(Map<String, String> env, List<String> variables) {
        return variables.stream()
                .map(env::get)
                .filter(v -> v != null && !v.isBlank())
                .findFirst();
    }
}
