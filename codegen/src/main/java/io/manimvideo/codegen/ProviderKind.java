package io.manimvideo.codegen;

import java.util.Locale;

/** The two wire formats the codegen workload speaks. */
public enum ProviderKind {
  /** Cloudflare Workers AI native API: {@code POST {base}/accounts/{account}/ai/run/{model}}. */
  CLOUDFLARE,
  /** OpenAI-compatible chat completions: Groq, Hugging Face router, OpenAI, Ollama, vLLM. */
  OPENAI;

  static ProviderKind parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown provider kind '" + value + "' (cloudflare or openai)", e);
    }
  }
}
