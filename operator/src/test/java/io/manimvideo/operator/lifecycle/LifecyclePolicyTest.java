package io.manimvideo.operator.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.manimvideo.api.ErrorInfo;
import io.manimvideo.api.FailureReason;
import io.manimvideo.api.Phase;
import io.manimvideo.api.VideoFacts;
import io.manimvideo.api.VideoJob;
import io.manimvideo.api.VideoJobStatus;
import io.manimvideo.operator.config.OperatorConfig;
import io.manimvideo.operator.status.PhaseTransitions;
import io.manimvideo.operator.status.TestWords;
import io.manimvideo.operator.storage.ArtifactStore;
import io.manimvideo.operator.testing.VideoJobs;
import io.manimvideo.operator.workload.Workload;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Which TTL each lifecycle decision applies (no API server: nothing here deletes a record or an object). */
@Tag("unit")
class LifecyclePolicyTest {
    private static final Instant NOW = Instant.parse("2026-01-17T10:00:00Z");

    private final OperatorConfig config = OperatorConfig.fromEnv(Map.of(
            "POD_NAMESPACE",
            "videos",
            "STORAGE_ENDPOINT",
            "http://127.0.0.1:9",
            "QUEUED_TTL",
            "PT30M",
            "READY_TTL",
            "PT2H",
            "DELIVERED_RECORD_TTL",
            "P3D",
            "FAILED_RECORD_TTL",
            "PT6H",
            "EXPIRED_RECORD_TTL",
            "PT12H"));
    private final LifecyclePolicy lifecycle =
            new LifecyclePolicy(config.lifetimes(), new ArtifactStore(config.storage()), null);
    private final VideoJob vj = VideoJobs.problem("tg-1");
    private final PhaseTransitions t = new PhaseTransitions(vj, NOW, TestWords.ENGLISH);

    LifecyclePolicyTest() {
        vj.setStatus(new VideoJobStatus());
    }

    @Test
    void theQueuedClockStartsOnceAndRunsOnWhileTheJobWaits() {
        assertThat(lifecycle.queuedUntil(t)).isEqualTo(NOW.plus(Duration.ofMinutes(30)));

        t.queued("tg-1-render-1", "Waiting.", NOW.minusSeconds(5));
        assertThat(lifecycle.queuedUntil(t))
                .as("already Queued: the clock is kept")
                .isEqualTo(NOW.minusSeconds(5));
        assertThat(lifecycle.queuedTooLong(t)).isTrue();

        t.started(Workload.RENDER.child("tg-1", 1));
        assertThat(lifecycle.queuedTooLong(t)).isFalse();
        assertThat(lifecycle.queuedUntil(t))
                .as("a new wait starts a new clock")
                .isEqualTo(NOW.plus(Duration.ofMinutes(30)));
    }

    @Test
    void failedAndReadyKeepTheirRecordAndVideoForTheirTtl() {
        lifecycle.fail(t, new ErrorInfo(FailureReason.RENDER_ERROR, 3, null, 1).withDetail("NameError"));
        assertThat(vj.getStatus().getPhase()).isEqualTo(Phase.FAILED);
        assertThat(vj.getStatus().getExpiresAt())
                .isEqualTo(NOW.plus(Duration.ofHours(6)).toString());

        lifecycle.ready(t, new VideoFacts(), List.of(), "Your video is ready.");
        assertThat(vj.getStatus().getPhase()).isEqualTo(Phase.READY);
        assertThat(vj.getStatus().getExpiresAt())
                .isEqualTo(NOW.plus(Duration.ofHours(2)).toString());
    }

    @Test
    void aDeliveredVideoKeepsItsRecordForTheDeliveredTtl() {
        lifecycle.ready(
                new PhaseTransitions(vj, NOW.minusSeconds(60), TestWords.ENGLISH),
                null,
                List.of(),
                "Your video is ready.");
        vj.getMetadata().setAnnotations(Map.of(VideoJob.DELIVERED_ANNOTATION, "2026-01-17T09:59:59Z"));

        Optional<Duration> next = lifecycle.apply(vj, t);

        assertThat(vj.getStatus().getPhase()).isEqualTo(Phase.DELIVERED);
        assertThat(vj.getStatus().getDeliveredAt()).as("the operator's clock").isEqualTo(NOW.toString());
        assertThat(vj.getStatus().getExpiresAt())
                .isEqualTo(NOW.plus(Duration.ofDays(3)).toString());
        assertThat(next).hasValue(Duration.ofDays(3));
    }

    @Test
    void aVideoNotCollectedInTimeExpires() {
        lifecycle.ready(
                new PhaseTransitions(vj, NOW.minus(Duration.ofHours(2)), TestWords.ENGLISH), null, List.of(), "Ready.");

        Optional<Duration> next = lifecycle.apply(vj, t);

        assertThat(vj.getStatus().getPhase()).isEqualTo(Phase.EXPIRED);
        assertThat(vj.getStatus().getMessage())
                .isEqualTo("The video was not collected within 120 minutes and has been deleted.");
        assertThat(vj.getStatus().getExpiresAt())
                .isEqualTo(NOW.plus(Duration.ofHours(12)).toString());
        assertThat(next).hasValue(Duration.ofHours(12));
    }

    @Test
    void aReadyVideoWithinItsTtlWaits() {
        lifecycle.ready(
                new PhaseTransitions(vj, NOW.minus(Duration.ofHours(1)), TestWords.ENGLISH), null, List.of(), "Ready.");

        assertThat(lifecycle.apply(vj, t)).hasValue(Duration.ofHours(1));
        assertThat(vj.getStatus().getPhase()).isEqualTo(Phase.READY);
    }
}
