package io.manimvideo.operator.reconcile;

import io.manimvideo.api.ErrorInfo;
import io.manimvideo.api.FailureReason;
import io.manimvideo.api.SubmissionType;
import io.manimvideo.api.VideoJob;
import io.manimvideo.api.texts.Text;
import io.manimvideo.operator.lifecycle.LifecyclePolicy;
import io.manimvideo.operator.status.PhaseTransitions;
import io.manimvideo.operator.storage.StorageLayout;
import io.manimvideo.operator.workload.Workload;
import java.util.Optional;

/**
 * First sight of a VideoJob (no phase yet): its storage prefix, and Queued for its first child Job
 * ({@code <vj>-codegen-1} for a problem, {@code <vj>-render-1} for direct code), or Failed at once when this
 * version cannot act on its spec ({@link SpecCheck}).
 */
class NewJobHandler {
    private final LifecyclePolicy lifecycle;
    private final JobEnd end;

    NewJobHandler(LifecyclePolicy lifecycle, JobEnd end) {
        this.lifecycle = lifecycle;
        this.end = end;
    }

    void accept(VideoJob vj, PhaseTransitions t) {
        t.firstSeen(StorageLayout.of(vj).prefix());
        Optional<String> unsupported = SpecCheck.problem(vj.getSpec());
        if (unsupported.isPresent()) {
            end.fail(vj, t, ErrorInfo.of(FailureReason.UNSUPPORTED_SPEC, 0).withName(unsupported.get()));
            return;
        }
        Workload first =
                vj.getSpec().getSubmissionType() == SubmissionType.PROBLEM ? Workload.CODEGEN : Workload.RENDER;
        t.queued(
                first.jobName(vj.getMetadata().getName(), 1),
                t.say(Text.of("operator.accepted")),
                lifecycle.queuedUntil(t));
    }
}
