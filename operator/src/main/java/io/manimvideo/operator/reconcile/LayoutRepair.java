package io.manimvideo.operator.reconcile;

import io.manimvideo.api.CodeRef;
import io.manimvideo.api.ErrorInfo;
import io.manimvideo.api.FailureReason;
import io.manimvideo.api.SubmissionType;
import io.manimvideo.api.VideoJob;
import io.manimvideo.api.VideoJobStatus;
import io.manimvideo.api.texts.Text;
import io.manimvideo.api.workload.WorkloadResult;
import io.manimvideo.operator.status.PhaseTransitions;
import java.util.List;
import java.util.Optional;

/**
 * The one layout repair AI code gets: a render of AI-written code (a problem job; not direct code, not the
 * offline explainer's or the degraded scene) that succeeds with severe layout findings is kept, and one more
 * codegen attempt gets the findings as its previous error. The repair's video replaces the kept one only if
 * it renders; any failure of the repair delivers the kept video with its warnings. Which findings are severe
 * is decided by the renderer's critic ({@code manimrender.critic}), which marks their lines.
 */
final class LayoutRepair {
    private static final String SEVERE_MARK = "severe: ";
    private static final int WARNINGS_IN_MESSAGE = 3;

    private LayoutRepair() {}

    /** The severe findings of this render when they call for the layout repair, else empty. */
    static Optional<ErrorInfo> wanted(VideoJob vj, VideoJobStatus s, int attempt, WorkloadResult render) {
        boolean aiCode = vj.getSpec().getSubmissionType() == SubmissionType.PROBLEM
                && s.getCode() != null
                && s.getCode().getSource() == CodeRef.Source.AI;
        List<String> severe = render.layout() == null
                ? List.of()
                : render.layout().stream().filter(LayoutRepair::isSevere).toList();
        if (!aiCode || severe.isEmpty() || held(s) || RetryBudget.spent(attempt)) {
            return Optional.empty();
        }
        return Optional.of(ErrorInfo.of(FailureReason.LAYOUT_SEVERE, attempt).withDetail(String.join("; ", severe)));
    }

    /** Whether a video is kept while its layout is being repaired (the repair was used). */
    static boolean held(VideoJobStatus s) {
        return s.getKeptVideoCode() != null;
    }

    static boolean isSevere(String finding) {
        return finding.startsWith(SEVERE_MARK) || finding.matches("line \\d+: " + SEVERE_MARK + ".*");
    }

    /** The Ready message: the layout warnings, briefly, so the person sees them where the status is shown. */
    static String readyMessage(PhaseTransitions t, String ready, List<String> warnings) {
        if (warnings == null || warnings.isEmpty()) {
            return ready;
        }
        String shown = String.join("; ", warnings.subList(0, Math.min(WARNINGS_IN_MESSAGE, warnings.size())));
        int more = Math.max(0, warnings.size() - WARNINGS_IN_MESSAGE);
        return t.say(Text.of("operator.layoutWarnings", "ready", ready, "warnings", shown, "more", more));
    }
}
