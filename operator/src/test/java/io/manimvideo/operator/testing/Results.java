package io.manimvideo.operator.testing;

import io.manimvideo.api.MathVerified;
import io.manimvideo.api.workload.Outcome;
import io.manimvideo.api.workload.WorkloadResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/** Termination messages the workloads write, per docs/design-notes.md. */
public final class Results {
    private Results() {}

    public static WorkloadResult renderOk() {
        return renderOk(List.of("line 7: Text 'Title' is partly outside the frame"));
    }

    /** A render that succeeded with these layout findings (a severe one reads "line n: severe: ..."). */
    public static WorkloadResult renderOk(List<String> layout) {
        return rendered(layout, 12.5);
    }

    /** A part of a render in parts that rendered {@code seconds} of the video. */
    public static WorkloadResult partOk(double seconds) {
        return rendered(List.of(), seconds);
    }

    private static WorkloadResult rendered(List<String> layout, double seconds) {
        return new WorkloadResult(
                1,
                WorkloadResult.RENDER,
                Outcome.OK,
                "Rendered",
                null,
                null,
                List.of(),
                seconds,
                123456L,
                854,
                480,
                "mp4",
                true,
                7.25,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                true,
                null,
                layout.isEmpty() ? null : layout,
                null,
                null,
                null);
    }

    /** The offline explainer's scene (no AI), verified by construction. */
    public static WorkloadResult codegenExplained(String code) {
        return new WorkloadResult(
                1,
                WorkloadResult.CODEGEN,
                Outcome.OK,
                "Worked out without AI",
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
                sha256(code),
                (long) code.length(),
                WorkloadResult.OFFLINE_EXPLAINER,
                "sympy",
                0L,
                null,
                null,
                false,
                MathVerified.TRUE,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    public static WorkloadResult codegenOk(String code) {
        return codegenOk(code, null);
    }

    /** Code written by the AI after {@code truncatedCalls} extra calls for cut-off answers (null: none). */
    public static WorkloadResult codegenOk(String code, Integer truncatedCalls) {
        return new WorkloadResult(
                1,
                WorkloadResult.CODEGEN,
                Outcome.OK,
                "Code written",
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
                sha256(code),
                (long) code.length(),
                "groq",
                "llama-3.3-70b-versatile",
                900L,
                100,
                200,
                false,
                MathVerified.TRUE,
                null,
                null,
                null,
                null,
                truncatedCalls,
                null);
    }

    /** The render pod's plan of a long scene: these parts, no video. */
    public static WorkloadResult planned(WorkloadResult.PlannedPart... parts) {
        return result(WorkloadResult.RENDER, Outcome.OK, "planned in " + parts.length + " parts", null, List.of(parts));
    }

    public static WorkloadResult failure(String workload, Outcome outcome, String message, Integer line) {
        return result(workload, outcome, message, line, null);
    }

    private static WorkloadResult result(
            String workload, Outcome outcome, String message, Integer line, List<WorkloadResult.PlannedPart> parts) {
        return new WorkloadResult(
                1, workload, outcome, message, line, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, parts, null, null);
    }

    public static String sha256(String text) {
        return hex("SHA-256", text);
    }

    /** The hex MD5 of the text's UTF-8 bytes: the ETag S3Proxy gives an object stored by one PUT. */
    public static String md5(String text) {
        return hex("MD5", text);
    }

    private static String hex(String algorithm, String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
