package io.manimvideo.operator.reconcile;

import io.manimvideo.api.ErrorInfo;
import io.manimvideo.api.Phase;
import io.manimvideo.api.VideoFacts;
import io.manimvideo.api.VideoJob;
import io.manimvideo.api.texts.Text;
import io.manimvideo.api.workload.WorkloadResult;
import io.manimvideo.operator.config.OperatorConfig;
import io.manimvideo.operator.metrics.VideoJobMetrics;
import io.manimvideo.operator.storage.StorageLayout;
import io.manimvideo.operator.workload.Workload;
import java.time.Duration;
import java.util.Optional;

/**
 * Uploading: the render pod uploads the video. When it is done the job is Ready, unless AI code made a video
 * whose layout the AI is asked to fix once ({@link LayoutRepair}).
 */
class UploadingHandler extends RenderPhaseHandler {
    private final QueuedHandler queued;
    private final JobEnd end;
    private final VideoJobMetrics metrics;

    UploadingHandler(
            OperatorConfig config,
            QueuedHandler queued,
            JobEnd end,
            RetryBudget retries,
            RenderInParts inParts,
            VideoJobMetrics metrics) {
        super(config, retries, inParts);
        this.queued = queued;
        this.end = end;
        this.metrics = metrics;
    }

    @Override
    public Phase phase() {
        return Phase.UPLOADING;
    }

    @Override
    Duration rendered(Work w, WorkloadResult r) {
        w.t().rendered(r);
        Optional<ErrorInfo> layout =
                LayoutRepair.wanted(w.vj(), w.status(), w.step().attempt(), r);
        if (layout.isPresent()) {
            // the video stays in storage: the repair's render uploads over it only once it has rendered
            w.t().layoutRepairAsked(videoFacts(w.vj(), r), r.layout(), layout.get());
            metrics.retry("layout");
            return queued.enqueue(
                    w,
                    Workload.CODEGEN.child(w.name(), w.step().attempt() + 1),
                    w.t().say(Text.of("operator.layoutRepairAsked")));
        }
        return end.ready(w.vj(), w.t(), videoFacts(w.vj(), r), r.layout(), w.t().say(Text.of("operator.ready")));
    }

    private static VideoFacts videoFacts(VideoJob vj, WorkloadResult r) {
        var options = vj.getSpec().getOptions();
        StorageLayout layout = new StorageLayout(vj.getStatus().getStoragePrefix());
        VideoFacts facts = new VideoFacts();
        facts.setObjectKey(layout.video(options.getFormat()));
        facts.setThumbnailKey(Boolean.TRUE.equals(r.thumbnail()) ? layout.thumbnail() : null);
        facts.setCaptionsKey(Boolean.TRUE.equals(r.captions()) ? layout.captions() : null);
        facts.setTranscriptKey(Boolean.TRUE.equals(r.captions()) ? layout.transcript() : null);
        facts.setNarrated(r.narrated());
        facts.setSizeBytes(r.sizeBytes());
        facts.setDurationSeconds(r.durationSeconds());
        facts.setFormat(options.getFormat());
        facts.setWidth(r.width() != null ? r.width() : options.getQuality().width());
        facts.setHeight(r.height() != null ? r.height() : options.getQuality().height());
        facts.setDeleted(false);
        return facts;
    }
}
