package io.manimvideo.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.manimvideo.api.FailureReason;
import io.manimvideo.api.Phase;
import io.manimvideo.api.VideoJob;
import io.manimvideo.operator.testing.VideoJobs;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The data model's TTL table, driven by the operator's clock (defaults: queued 1 h, ready 24 h, grace 5 min...). */
class LifecycleTest extends OperatorTestBase {

    @Override
    Map<String, String> settings() {
        return Map.of("MAX_CONCURRENT_RENDERS", "1");
    }

    @Test
    void queuedTooLongFailsAndTheFailedRecordIsDeletedADayLater() {
        create(VideoJobs.directCode("web-first"));
        jobs.awaitJob("web-first-render-1");
        create(VideoJobs.directCode("web-waiting"));
        VideoJob vj = awaitStatus(
                "web-waiting", v -> Integer.valueOf(1).equals(v.getStatus().getQueuePosition()));
        assertThat(vj.getStatus().getPhase()).isEqualTo(Phase.QUEUED);
        assertThat(vj.getStatus().getMessage()).contains("position 1");

        envt.clock().advance(Duration.ofMinutes(59));
        assertThat(get("web-waiting").getStatus().getPhase()).isEqualTo(Phase.QUEUED);
        envt.clock().advance(Duration.ofMinutes(2));
        vj = awaitPhase("web-waiting", Phase.FAILED);
        assertThat(vj.getStatus().getLastError().getReason()).isEqualTo(FailureReason.QUEUE_TIMEOUT);
        assertThat(vj.getStatus().getQueuePosition()).isNull();
        assertThat(jobs.job("web-waiting-render-1")).isNull();

        envt.clock().advance(Duration.ofHours(23));
        assertThat(get("web-waiting")).isNotNull();
        envt.clock().advance(Duration.ofHours(1));
        awaitGone("web-waiting");
        assertThat(envt.store().list(vj.getStatus().getStoragePrefix())).isEmpty();
    }

    @Test
    void readyNotCollectedExpiresDeletesTheVideoAndLaterTheRecord() throws Exception {
        create(VideoJobs.directCode("web-late"));
        jobs.renderSucceeds("web-late-render-1");
        VideoJob vj = awaitPhase("web-late", Phase.READY);
        String video = vj.getStatus().getVideo().getObjectKey();
        assertThat(envt.store().exists(video)).isTrue();

        envt.clock().advance(Duration.ofHours(24).plusMinutes(1));
        vj = awaitPhase("web-late", Phase.EXPIRED);
        assertThat(vj.getStatus().getVideo().getDeleted()).isTrue();
        assertThat(envt.store().exists(video)).isFalse();
        assertThat(envt.store().exists(vj.getStatus().getVideo().getThumbnailKey()))
                .isFalse();
        assertThat(envt.store().exists(vj.getStatus().getVideo().getCaptionsKey()))
                .isFalse();
        assertThat(envt.store().exists(vj.getStatus().getVideo().getTranscriptKey()))
                .isFalse();
        assertThat(vj.getStatus().getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("Ready");
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("Expired");
        });

        envt.clock().advance(Duration.ofHours(24));
        awaitGone("web-late");
    }

    @Test
    void deliveredVideoIsDeletedAfterTheGraceAndTheRecordAfterAWeek() throws Exception {
        create(VideoJobs.directCode("web-done"));
        jobs.renderSucceeds("web-done-render-1");
        VideoJob vj = awaitPhase("web-done", Phase.READY);
        String video = vj.getStatus().getVideo().getObjectKey();

        envt.client().resource(vj).edit(v -> {
            v.getMetadata()
                    .getAnnotations()
                    .put(VideoJob.DELIVERED_ANNOTATION, envt.clock().instant().toString());
            return v;
        });
        vj = awaitPhase("web-done", Phase.DELIVERED);
        assertThat(vj.getStatus().getDeliveredAt()).isNotNull();
        assertThat(envt.store().exists(video)).isTrue(); // range requests may still come in

        envt.clock().advance(Duration.ofMinutes(6));
        vj = awaitStatus(
                "web-done", v -> Boolean.TRUE.equals(v.getStatus().getVideo().getDeleted()));
        assertThat(envt.store().exists(video)).isFalse();
        assertThat(vj.getStatus().getPhase()).isEqualTo(Phase.DELIVERED);

        envt.clock().advance(Duration.ofDays(7));
        awaitGone("web-done");
    }
}
