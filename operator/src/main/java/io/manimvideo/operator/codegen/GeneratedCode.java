package io.manimvideo.operator.codegen;

import java.util.List;

/**
 * Code that passed the check, ready to store.
 *
 * @param code the checked (and repaired) code
 * @param repairs the repairs the check applied
 * @param provider the provider that wrote it, or null for the degraded scene
 * @param model its model, or null
 * @param latencyMs time spent waiting for that provider's answers
 * @param promptTokens prompt tokens over its answers, or null when it reported none
 * @param completionTokens completion tokens over its answers, or null
 * @param degraded true for the scene written without AI
 */
public record GeneratedCode(
    String code, List<String> repairs, String provider, String model, long latencyMs, Integer promptTokens,
    Integer completionTokens, boolean degraded) {

  static GeneratedCode withoutAi(CheckResult check) {
    return new GeneratedCode(check.code(), check.repairs(), null, null, 0, null, null, true);
  }
}
