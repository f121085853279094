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
        return result(Outcome.OK, message, code, sha256, sizeBytes, null);
    }

    /** Code written but not stored: the same code can be written again, storage is to blame. */
    public static WorkloadResult notStored(GeneratedCode code) {
        return result(Outcome.UPLOAD_ERROR, "The generated code could not be stored.", code, null, null, null);
    }

    /** Nothing stored; {@code outcome} says whom to blame. The message must be safe to show. */
    public static WorkloadResult failed(Outcome outcome, String message) {
        return result(outcome, message, null, null, null, null);
    }

    /**
     * No code: the explanation worked out without AI needs {@code neededSeconds} of video, more than the job allows
     * (reported as {@code durationSeconds}).
     */
    public static WorkloadResult tooLong(int neededSeconds) {
        String message = "Worked out without AI, the explanation needs a video of at least " + neededSeconds + " s.";
        return result(Outcome.TOO_LONG, message, null, null, null, (double) neededSeconds);
    }

    /**
     * The one codegen shape: what the code generation reported (when it ran), where the code went, and for
     * {@code too_long} the length needed.
     */
    private static WorkloadResult result(
            Outcome outcome, String message, GeneratedCode code, String sha256, Long sizeBytes, Double needed) {
        boolean generated = code != null;
        return new WorkloadResult(
                WorkloadResult.CURRENT_VERSION,
                WorkloadResult.CODEGEN,
                outcome,
                message,
                null,
                null,
                sha256 == null ? null : code.repairs(), // reported with the stored code
                needed,
                null,
                null,
                null,
                null,
                null,
                null,
                sha256,
                sizeBytes,
                generated ? code.provider() : null,
                generated ? code.model() : null,
                generated && !code.degraded() ? code.latencyMs() : null,
                generated ? code.promptTokens() : null,
                generated ? code.completionTokens() : null,
                generated ? code.degraded() : null,
                generated ? code.mathVerified() : null,
                null,
                null,
                null,
                null,
                generated && code.truncatedCalls() > 0 ? code.truncatedCalls() : null,
                null);
    }
}
