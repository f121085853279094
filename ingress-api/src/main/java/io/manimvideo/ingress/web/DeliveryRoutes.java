package io.manimvideo.ingress.web;

import io.manimvideo.api.Phase;
import io.manimvideo.api.VideoJob;
import io.manimvideo.api.texts.Text;
import io.manimvideo.ingress.http.ApiProblem;
import io.manimvideo.ingress.jobs.JobQueries;
import io.manimvideo.ingress.notify.DeliveryLinks;
import io.manimvideo.ingress.notify.StoredTexts;
import io.manimvideo.ingress.session.UserSession;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * A finished job's artifacts, for its session only: the video (which records delivery) and thumbnail as redirects
 * to short-lived links, captions and transcript from this origin, and marking the video delivered.
 */
public final class DeliveryRoutes {
    private final JobQueries jobs;
    private final OwnJobs ownJobs;
    private final DeliveryLinks links;
    private final StoredTexts texts;
    private final Clock clock;

    public DeliveryRoutes(JobQueries jobs, OwnJobs ownJobs, DeliveryLinks links, StoredTexts texts, Clock clock) {
        this.jobs = jobs;
        this.ownJobs = ownJobs;
        this.links = links;
        this.texts = texts;
        this.clock = clock;
    }

    Future<Void> video(RoutingContext ctx, UserSession session) {
        return access(ctx, session, true);
    }

    Future<Void> thumbnail(RoutingContext ctx, UserSession session) {
        return access(ctx, session, false);
    }

    Future<Void> captions(RoutingContext ctx, UserSession session) {
        return text(ctx, session, texts::captions, "text/vtt; charset=utf-8", Text.of("problem.noCaptions"));
    }

    Future<Void> transcript(RoutingContext ctx, UserSession session) {
        return text(ctx, session, texts::transcript, "text/plain; charset=utf-8", Text.of("problem.noTranscript"));
    }

    /** Video (records delivery, 302) or thumbnail (302). */
    private Future<Void> access(RoutingContext ctx, UserSession session, boolean video) {
        return readyJob(ctx, session).compose(job -> {
            Optional<String> url = video ? links.video(job) : links.thumbnail(job);
            if (url.isEmpty()) {
                throw ApiProblem.gone(Text.of(video ? "problem.videoDeleted" : "problem.noThumbnail"));
            }
            Future<?> recorded = video
                    ? jobs.markDelivered(job.getMetadata().getName(), Instant.now(clock))
                    : Future.succeededFuture();
            return recorded.map(v -> {
                ctx.response()
                        .setStatusCode(302)
                        .putHeader("Location", url.get())
                        .putHeader("Cache-Control", "no-store")
                        .end();
                return null;
            });
        });
    }

    /** Captions or transcript, served from this origin (a {@code <track>} and {@code fetch} need no CORS). */
    private Future<Void> text(
            RoutingContext ctx,
            UserSession session,
            Function<VideoJob, Future<Optional<String>>> read,
            String contentType,
            Text none) {
        return readyJob(ctx, session).compose(read).map(text -> {
            String body = text.orElseThrow(() -> ApiProblem.notFound(none));
            ctx.response()
                    .putHeader("Content-Type", contentType)
                    .putHeader("Cache-Control", "private, max-age=300")
                    .end(body);
            return null;
        });
    }

    /** The session's own job with a video to show: 410 when it expired, 409 while it is still being made. */
    private Future<VideoJob> readyJob(RoutingContext ctx, UserSession session) {
        return ownJobs.find(ctx, session).map(job -> {
            Phase phase = job.getStatus() == null || job.getStatus().getPhase() == null
                    ? Phase.QUEUED
                    : job.getStatus().getPhase();
            if (phase == Phase.EXPIRED) {
                throw ApiProblem.gone(Text.of("problem.videoExpired"));
            }
            if (phase != Phase.READY && phase != Phase.DELIVERED) {
                throw ApiProblem.conflict(Text.of("problem.videoNotReady", "phase", phase.wireName()));
            }
            return job;
        });
    }

    Future<Void> markDelivered(RoutingContext ctx, UserSession session) {
        return ownJobs.find(ctx, session)
                .compose(job -> {
                    Phase phase =
                            job.getStatus() == null ? null : job.getStatus().getPhase();
                    if (phase != Phase.READY && phase != Phase.DELIVERED) {
                        throw ApiProblem.conflict(Text.of("problem.deliveredNotReady"));
                    }
                    return jobs.markDelivered(job.getMetadata().getName(), Instant.now(clock));
                })
                .map(v -> {
                    ctx.response().setStatusCode(204).end();
                    return null;
                });
    }
}
