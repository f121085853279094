package io.manimvideo.operator.lifecycle;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.manimvideo.api.ErrorInfo;
import io.manimvideo.api.Phase;
import io.manimvideo.api.VideoFacts;
import io.manimvideo.api.VideoJob;
import io.manimvideo.api.VideoJobStatus;
import io.manimvideo.api.texts.Text;
import io.manimvideo.operator.config.OperatorConfig.Lifetimes;
import io.manimvideo.operator.status.PhaseTransitions;
import io.manimvideo.operator.storage.ArtifactStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data model's lifecycle table, the one place the TTLs are decided: how long a job may wait, how long a
 * video is kept, and when records are deleted. It changes status only through {@link PhaseTransitions},
 * handing each transition its deadline. Time comes from the reconcile's clock, so tests move it.
 */
public class LifecyclePolicy {
    private static final Logger LOG = LoggerFactory.getLogger(LifecyclePolicy.class);

    private final Lifetimes lifetimes;
    private final ArtifactStore store;
    private final KubernetesClient client;

    public LifecyclePolicy(Lifetimes lifetimes, ArtifactStore store, KubernetesClient client) {
        this.lifetimes = lifetimes;
        this.store = store;
        this.client = client;
    }

    /** The end of the Queued wait (QUEUED_TTL): a job already Queued keeps its clock. */
    public Instant queuedUntil(PhaseTransitions t) {
        VideoJobStatus s = t.status();
        if (s.getPhase() == Phase.QUEUED && s.getExpiresAt() != null) {
            return Instant.parse(s.getExpiresAt());
        }
        return t.now().plus(lifetimes.queued());
    }

    public boolean queuedTooLong(PhaseTransitions t) {
        return t.status().getPhase() == Phase.QUEUED && due(t.status().getExpiresAt(), t.now());
    }

    /** Failed: the record is kept {@code FAILED_RECORD_TTL}. */
    public void fail(PhaseTransitions t, ErrorInfo error) {
        t.failed(error, t.now().plus(lifetimes.failedRecord()));
    }

    /** Ready: the video is kept {@code READY_TTL} unless delivered. */
    public void ready(PhaseTransitions t, VideoFacts video, List<String> layoutWarnings, String message) {
        t.ready(video, layoutWarnings, message, t.now().plus(lifetimes.ready()));
    }

    /**
     * Applies the TTL rules of Ready, Delivered, Failed and Expired jobs.
     *
     * @return time until the next rule is due, or empty once the record has been deleted
     */
    public Optional<Duration> apply(VideoJob vj, PhaseTransitions t) {
        VideoJobStatus s = t.status();
        Instant now = t.now();
        if (s.getPhase() == Phase.READY) {
            String annotation = vj.getMetadata().getAnnotations() == null
                    ? null
                    : vj.getMetadata().getAnnotations().get(VideoJob.DELIVERED_ANNOTATION);
            if (annotation != null) {
                // The operator's clock, not the client's: grace and record TTL then never start in the past.
                t.delivered(now.plus(lifetimes.deliveredRecord()));
            } else if (due(s.getExpiresAt(), now)) {
                deleteVideo(t);
                t.expired(
                        t.say(Text.of(
                                "operator.expired", "minutes", lifetimes.ready().toMinutes())),
                        now.plus(lifetimes.expiredRecord()));
            }
        }
        if (s.getPhase() == Phase.DELIVERED
                && !videoDeleted(s)
                && due(
                        Instant.parse(s.getDeliveredAt())
                                .plus(lifetimes.deliveryGrace())
                                .toString(),
                        now)) {
            deleteVideo(t);
        }
        if (s.getPhase().isTerminal() && due(s.getExpiresAt(), now)) {
            LOG.info(
                    "deleting {}/{}: {} record kept past {}",
                    vj.getMetadata().getNamespace(),
                    vj.getMetadata().getName(),
                    s.getPhase(),
                    s.getExpiresAt());
            client.resource(vj).delete();
            return Optional.empty();
        }
        Instant next = Instant.parse(s.getExpiresAt());
        if (s.getPhase() == Phase.DELIVERED && !videoDeleted(s)) {
            Instant graceEnd = Instant.parse(s.getDeliveredAt()).plus(lifetimes.deliveryGrace());
            next = graceEnd.isBefore(next) ? graceEnd : next;
        }
        return Optional.of(until(next, now));
    }

    /** Time until {@code deadline}, never less than a second (the deadline itself has been handled). */
    public static Duration until(Instant deadline, Instant now) {
        Duration left = Duration.between(now, deadline);
        return left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left;
    }

    private void deleteVideo(PhaseTransitions t) {
        VideoFacts video = t.status().getVideo();
        if (video == null || Boolean.TRUE.equals(video.getDeleted())) {
            return;
        }
        store.delete(Stream.of(
                        video.getObjectKey(), video.getThumbnailKey(), video.getCaptionsKey(), video.getTranscriptKey())
                .filter(Objects::nonNull)
                .toList());
        t.videoDeleted();
    }

    private static boolean videoDeleted(VideoJobStatus s) {
        return s.getVideo() == null || Boolean.TRUE.equals(s.getVideo().getDeleted());
    }

    private static boolean due(String deadline, Instant now) {
        return deadline != null && !now.isBefore(Instant.parse(deadline));
    }
}
