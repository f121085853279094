package io.manimvideo.codegen;

import java.util.Locale;

/** The two wire formats the codegen workload speaks. */
public enum ProviderKind {
    /** Cloudflare Workers AI native API: {@code POST {base}/accounts/{account}/ai/run/{model}}. */
    CLOUDFLARE,
    /** OpenAI-compatible chat completions: Groq, Hugging Face router, OpenAI, Ollama, vLLM. */
    OPENAI;

    /** The kind a checked {@code CODEGEN_<NAME>_KIND} names ({@code openai}, {@code cloudflare}). */
    static ProviderKind fromWireName(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
