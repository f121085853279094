package io.manimvideo.codegen;

import io.manimvideo.api.MathVerified;
import io.manimvideo.api.workload.WorkloadResult;
import java.util.List;

/**
 * Code that passed the check, ready to store.
 *
 * @param code the checked (and repaired) code
 * @param repairs the repairs the check applied
 * @param provider the provider that wrote it ({@link WorkloadResult#OFFLINE_EXPLAINER} for the explainer), or
 *     null for the degraded scene
 * @param model its model, or null
 * @param latencyMs time spent waiting for that provider's answers
 * @param promptTokens prompt tokens over its answers, or null when it reported none
 * @param completionTokens completion tokens over its answers, or null
 * @param degraded true for the scene that only shows the problem
 * @param mathVerified whether its stated result was checked equal to the explainer's
 * @param truncatedCalls extra calls to that provider because an answer of its was cut off before its end
 */
public record GeneratedCode(
        String code,
        List<String> repairs,
        String provider,
        String model,
        long latencyMs,
        Integer promptTokens,
        Integer completionTokens,
        boolean degraded,
        MathVerified mathVerified,
        int truncatedCalls) {

    /** The model name reported for the offline explainer. */
    static final String EXPLAINER_MODEL = "sympy";

    static GeneratedCode withoutAi(CheckResult check) {
        return new GeneratedCode(
                check.code(), check.repairs(), null, null, 0, null, null, true, MathVerified.UNKNOWN, 0);
    }

    /** The offline explainer's scene: its result is SymPy's own, so it is verified by construction. */
    static GeneratedCode explained(CheckResult check) {
        return new GeneratedCode(
                check.code(),
                check.repairs(),
                WorkloadResult.OFFLINE_EXPLAINER,
                EXPLAINER_MODEL,
                0,
                null,
                null,
                false,
                MathVerified.TRUE,
                0);
    }

    boolean offline() {
        return WorkloadResult.OFFLINE_EXPLAINER.equals(provider);
    }
}
