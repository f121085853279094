package io.manimvideo.ingress.notify;

import io.manimvideo.api.Phase;
import io.manimvideo.api.VideoJob;
import io.manimvideo.ingress.jobs.JobQueries;
import io.manimvideo.ingress.redis.Deduplicator;
import io.manimvideo.ingress.redis.WorkClaims;
import io.manimvideo.ingress.session.SessionStore;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns VideoJob changes (from {@link VideoJobWatcher}) into notifications: each job's entry into each
 * phase reaches the person exactly once however many replicas watch (a {@link WorkClaims} claim per job and
 * phase, held while sending, then kept as done; released when sending failed, so the next event retries, and lapsing
 * soon after its replica dies, so another takes it over), render progress at most once
 * per {@code progressInterval} across replicas. It also keeps the session's history and counters in step
 * and, when a platform's notifier hands the video over on READY, records delivery on the VideoJob.
 */
public final class NotificationDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationDispatcher.class);
    static final String PHASE_SCOPE = "notify";
    static final String PROGRESS_SCOPE = "notify-progress";

    private final Notifiers notifiers;
    private final SessionStore sessions;
    private final WorkClaims claims;
    private final Deduplicator guards;
    private final JobQueries jobs;
    private final DeliveryLinks links;
    private final StoredTexts texts;
    private final String publicBaseUrl;
    private final Duration progressInterval;
    private final Clock clock;
    /** Longer than any VideoJob lives (Delivered records are kept 7 days). */
    private final Duration phaseGuardTtl;

    public NotificationDispatcher(
            Notifiers notifiers,
            SessionStore sessions,
            WorkClaims claims,
            Deduplicator guards,
            JobQueries jobs,
            DeliveryLinks links,
            StoredTexts texts,
            String publicBaseUrl,
            Duration progressInterval,
            Clock clock,
            Duration phaseGuardTtl) {
        this.notifiers = notifiers;
        this.sessions = sessions;
        this.claims = claims;
        this.guards = guards;
        this.jobs = jobs;
        this.links = links;
        this.texts = texts;
        this.publicBaseUrl = publicBaseUrl.replaceAll("/+$", "");
        this.progressInterval = progressInterval;
        this.clock = clock;
        this.phaseGuardTtl = phaseGuardTtl;
    }

    /**
     * Handles the current state of a job (added or updated); safe to call for every informer event.
     *
     * @return whether this state is settled, so offering it again would do nothing: its news was told (here or by
     *     another replica) or there was none. Not settled: a progress update held back by the interval, a transition
     *     another replica is still telling (if it dies, its claim lapses within a lease and a later offer here
     *     takes it over). A failed send fails the Future.
     */
    public Future<Boolean> onJob(VideoJob job) {
        Phase phase = phaseOf(job);
        // queued is never news: the answer to the submission said it (chat reply, the web API's response, the first
        // event of a stream), and the submission put the job in the history as queued
        if (job.getSpec() == null || job.getSpec().getSessionId() == null || phase == Phase.QUEUED) {
            return Future.succeededFuture(true);
        }
        String name = job.getMetadata().getName();
        // a repair attempt passes through generating and rendering again: that is news, so the attempt is part of the
        // key
        String guard = name + ":" + phase.wireName() + ":" + attemptOf(job);
        return claims.claim(PHASE_SCOPE, guard).compose(claim -> switch (claim) {
            case TAKEN ->
                claims.whileHeld(PHASE_SCOPE, guard, () -> onTransition(job, phase))
                        .transform(told ->
                                told.succeeded() ? told(name, phase, guard) : untold(name, phase, guard, told.cause()));
            // another replica is telling it; should it die, its lease lapses and a later offer here takes it over
            case WORKING -> Future.succeededFuture(false);
            case DONE -> progress(job, phase);
        });
    }

    /** Keeps the claim for good; failing that, it only lapses, and the news may be told again. */
    private Future<Boolean> told(String name, Phase phase, String guard) {
        return claims.done(PHASE_SCOPE, guard, phaseGuardTtl)
                .onFailure(failure -> LOG.warn(
                        "event=notification_guard_not_kept job={} phase={} cause=\"{}\"",
                        name,
                        phase.wireName(),
                        failure.toString()))
                .transform(x -> Future.succeededFuture(true));
    }

    /** Render progress once the phase itself was told, at most once per interval across replicas. */
    private Future<Boolean> progress(VideoJob job, Phase phase) {
        if (phase != Phase.RENDERING || job.getStatus().getProgress() == null) {
            return Future.succeededFuture(true);
        }
        return guards.firstTime(PROGRESS_SCOPE, job.getMetadata().getName(), progressInterval)
                .compose(go ->
                        go ? send(JobNotification.Kind.PROGRESS, job, phase).map(true) : Future.succeededFuture(false));
    }

    /** Gives the claim back so the next offer (event, resync, the person writing) tries again; fails with why. */
    private Future<Boolean> untold(String name, Phase phase, String guard, Throwable failure) {
        if (failure instanceof VideoNotDelivered) {
            LOG.info("event=video_not_delivered job={} reason=\"{}\"", name, failure.getMessage());
        } else {
            LOG.warn(
                    "event=notification_failed job={} phase={} cause=\"{}\"",
                    name,
                    phase.wireName(),
                    failure.toString());
        }
        return claims.release(PHASE_SCOPE, guard).transform(x -> Future.failedFuture(failure));
    }

    private Future<Void> onTransition(VideoJob job, Phase phase) {
        String sessionId = job.getSpec().getSessionId();
        String name = job.getMetadata().getName();
        LOG.info("event=job_transition job={} phase={} session={}", name, phase.wireName(), sessionId);
        String deliveredAt = phase == Phase.DELIVERED
                ? Optional.ofNullable(job.getStatus().getDeliveredAt())
                        .orElse(Instant.now(clock).toString())
                : null;
        Future<Void> bookkeeping = sessions.updateHistory(
                sessionId,
                name,
                phase,
                deliveredAt,
                job.getStatus() == null ? null : job.getStatus().getRenderDurationSeconds(),
                job.getStatus() == null ? null : job.getStatus().getVideo());
        if (phase == Phase.READY) {
            bookkeeping = bookkeeping.compose(v -> sessions.countSuccess(sessionId));
        }
        return bookkeeping.compose(v -> send(JobNotification.Kind.PHASE, job, phase));
    }

    private Future<Void> send(JobNotification.Kind kind, VideoJob job, Phase phase) {
        Optional<PlatformNotifier> notifier =
                notifiers.forPlatform(job.getSpec().getPlatform());
        if (notifier.isEmpty()) {
            return Future.succeededFuture();
        }
        String name = job.getMetadata().getName();
        boolean ready = phase == Phase.READY && kind == JobNotification.Kind.PHASE;
        Future<Optional<String>> transcript = ready
                ? texts.transcript(job).recover(failure -> {
                    // the video matters more than its transcript: deliver it without
                    LOG.warn("event=transcript_unreadable job={} cause=\"{}\"", name, failure.toString());
                    return Future.succeededFuture(Optional.empty());
                })
                : Future.succeededFuture(Optional.empty());
        return sessions.get(job.getSpec().getSessionId()).compose(session -> {
            if (session.isEmpty()) {
                LOG.info("event=notification_skipped job={} reason=session_expired", name);
                return Future.succeededFuture();
            }
            return transcript
                    .compose(text -> notifier.get()
                            .notify(
                                    new JobNotification(
                                            kind,
                                            job,
                                            ready ? links.video(job) : Optional.empty(),
                                            ready ? links.thumbnail(job) : Optional.empty(),
                                            publicBaseUrl + "/api/v1/jobs/" + name + "/video",
                                            text),
                                    session.get()))
                    .compose(v -> ready && notifier.get().deliversOnReady()
                            ? jobs.markDelivered(name, Instant.now(clock)).mapEmpty()
                            : Future.<Void>succeededFuture());
        });
    }

    private static int attemptOf(VideoJob job) {
        Phase phase = phaseOf(job);
        // the attempt counts only while work is going on; QUEUED and the end phases happen once
        return !phase.isActive() || job.getStatus().getAttempts() == null
                ? 0
                : job.getStatus().getAttempts();
    }

    static Phase phaseOf(VideoJob job) {
        return job.getStatus() == null || job.getStatus().getPhase() == null
                ? Phase.QUEUED
                : job.getStatus().getPhase();
    }
}
