package io.manimvideo.operator.reconcile;

import io.manimvideo.api.CodeRef;
import io.manimvideo.api.Phase;
import io.manimvideo.api.texts.Text;
import io.manimvideo.api.workload.WorkloadResult;
import io.manimvideo.operator.config.OperatorConfig;
import io.manimvideo.operator.storage.StorageLayout;
import io.manimvideo.operator.workload.Workload;
import java.time.Duration;

/** AIGenerating: a codegen Job writes the code; once written, the render of the same attempt is queued. */
class AiGeneratingHandler extends ActivePhaseHandler {
    private final OperatorConfig config;
    private final QueuedHandler queued;

    AiGeneratingHandler(OperatorConfig config, QueuedHandler queued, RetryBudget retries) {
        super(retries);
        this.config = config;
        this.queued = queued;
    }

    @Override
    public Phase phase() {
        return Phase.AI_GENERATING;
    }

    @Override
    Duration running(Work w) {
        return config.lifecycleCheckInterval();
    }

    @Override
    Duration succeeded(Work w, WorkloadResult r) {
        int attempt = w.step().attempt();
        CodeRef.Source source = r.isDegraded()
                ? CodeRef.Source.DEGRADED
                : r.isOfflineExplanation() ? CodeRef.Source.EXPLAINER : CodeRef.Source.AI;
        String key = new StorageLayout(w.status().getStoragePrefix()).code(attempt);
        w.t().codeWritten(new CodeRef(source, r.codeSha256(), key, r.codeSizeBytes()), r);
        return queued.enqueue(
                w,
                Workload.RENDER.child(w.name(), attempt),
                r.isDegraded() ? w.t().say(Text.of("operator.degraded")) : w.t().say(Text.of("operator.codeWritten")));
    }
}
