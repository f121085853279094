package io.manimvideo.codegen;

import io.manimvideo.api.workload.Outcome;
import io.manimvideo.api.workload.WorkloadResult;

/** The codegen workload's termination messages, one factory per way a run ends. */
public final class CodegenResults {
    private CodegenResults() {}

    /** Code stored; {@code degraded} when it is the scene written without AI. */
    public static WorkloadResult stored(GeneratedCode code, String sha256, long sizeBytes) {
        String message = code.degraded()
                ? "No AI provider was available, so the video shows the problem as it was written."
                : code.offline()
                        ? "No AI provider was available; the problem was worked out without AI (SymPy)."
                        : "Manim code written by " + code.provider() + " (" + code.model() + ").";
        return new WorkloadResult(
                WorkloadResult.CURRENT_VERSION,
                WorkloadResult.CODEGEN,
                Outcome.OK,
                message,
                null,
                null,
                code.repairs(),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                sha256,
                sizeBytes,
                code.provider(),
                code.model(),
                code.degraded() ? null : code.latencyMs(),
                code.promptTokens(),
                code.completionTokens(),
                code.degraded(),
                code.mathVerified(),
                null,
                null,
                null);
    }

    /** Code written but not stored: the same code can be written again, storage is to blame. */
    public static WorkloadResult notStored(GeneratedCode code) {
        return new WorkloadResult(
                WorkloadResult.CURRENT_VERSION,
                WorkloadResult.CODEGEN,
                Outcome.UPLOAD_ERROR,
                "The generated code could not be stored.",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                code.provider(),
                code.model(),
                code.degraded() ? null : code.latencyMs(),
                code.promptTokens(),
                code.completionTokens(),
                code.degraded(),
                code.mathVerified(),
                null,
                null,
                null);
    }

    /** Nothing stored; {@code outcome} says whom to blame. The message must be safe to show. */
    public static WorkloadResult failed(Outcome outcome, String message) {
        return new WorkloadResult(
                WorkloadResult.CURRENT_VERSION,
                WorkloadResult.CODEGEN,
                outcome,
                message,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }
}
