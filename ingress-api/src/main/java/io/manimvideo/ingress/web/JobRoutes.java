package io.manimvideo.ingress.web;

import static io.manimvideo.ingress.web.JsonReply.json;

import io.manimvideo.api.Accessibility;
import io.manimvideo.api.Platform;
import io.manimvideo.api.Quality;
import io.manimvideo.api.RenderOptions;
import io.manimvideo.api.SubmissionType;
import io.manimvideo.api.VideoFormat;
import io.manimvideo.ingress.jobs.JobQueries;
import io.manimvideo.ingress.jobs.Submission;
import io.manimvideo.ingress.jobs.SubmissionService;
import io.manimvideo.ingress.jobs.SubmittedJob;
import io.manimvideo.ingress.session.UserSession;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** A session's jobs: submit a problem or code, read the status (also live, as Server-Sent Events), cancel. */
public final class JobRoutes {
    private final SubmissionService submissions;
    private final JobQueries jobs;
    private final OwnJobs ownJobs;
    private final SseStreams streams;
    private final JobStatusView view;

    public JobRoutes(
            SubmissionService submissions, JobQueries jobs, OwnJobs ownJobs, SseStreams streams, JobStatusView view) {
        this.view = view;
        this.submissions = submissions;
        this.jobs = jobs;
        this.ownJobs = ownJobs;
        this.streams = streams;
    }

    Future<Void> submitJob(RoutingContext ctx, UserSession session) {
        JsonObject body = ctx.body().asJsonObject();
        SubmissionType type = "problem".equals(body.getString("submission_type"))
                ? SubmissionType.PROBLEM
                : SubmissionType.DIRECT_CODE;
        return submit(ctx, session, type, body.getString("content"), body);
    }

    Future<Void> submitCode(RoutingContext ctx, UserSession session) {
        JsonObject body = ctx.body().asJsonObject();
        return submit(ctx, session, SubmissionType.DIRECT_CODE, body.getString("code"), body);
    }

    private Future<Void> submit(
            RoutingContext ctx, UserSession session, SubmissionType type, String content, JsonObject body) {
        String key = Optional.ofNullable(ctx.request().getHeader("Idempotency-Key"))
                .orElse(UUID.randomUUID().toString());
        Submission submission = new Submission(
                Platform.WEB,
                type,
                content,
                session.sessionId(),
                options(body.getJsonObject("options")),
                Optional.ofNullable(body.getString("scene_name")),
                body.getString("language", session.languagePreference()),
                accessibility(body.getJsonObject("accessibility")),
                key);
        return submissions.submit(submission).map(submitted -> respondSubmitted(ctx, submitted, session));
    }

    private Void respondSubmitted(RoutingContext ctx, SubmittedJob submitted, UserSession session) {
        String name = submitted.job().getMetadata().getName();
        ctx.response().putHeader("Location", "/api/v1/jobs/" + name);
        return json(ctx, submitted.created() ? 201 : 200, view.of(submitted.job(), session.languagePreference()));
    }

    Future<Void> getJob(RoutingContext ctx, UserSession session) {
        return ownJobs.find(ctx, session).map(job -> json(ctx, 200, view.of(job, session.languagePreference())));
    }

    Future<Void> cancelJob(RoutingContext ctx, UserSession session) {
        return ownJobs.find(ctx, session)
                .compose(job -> jobs.delete(job.getMetadata().getName()))
                .map(deleted -> {
                    ctx.response().setStatusCode(204).end();
                    return null;
                });
    }

    Future<Void> jobEvents(RoutingContext ctx, UserSession session) {
        return ownJobs.find(ctx, session).map(job -> {
            streams.open(job.getMetadata().getName(), ctx.response(), view.of(job, session.languagePreference()));
            return null;
        });
    }

    private static RenderOptions options(JsonObject json) {
        RenderOptions options = new RenderOptions();
        if (json != null) {
            Optional.ofNullable(json.getString("quality"))
                    .map(q -> Quality.valueOf(q.toUpperCase(Locale.ROOT)))
                    .ifPresent(options::setQuality);
            Optional.ofNullable(json.getString("format"))
                    .map(f -> VideoFormat.valueOf(f.toUpperCase(Locale.ROOT)))
                    .ifPresent(options::setFormat);
            Optional.ofNullable(json.getInteger("max_duration_seconds")).ifPresent(options::setMaxDurationSeconds);
        }
        return options;
    }

    private static Accessibility accessibility(JsonObject json) {
        return json == null
                ? new Accessibility()
                : new Accessibility(
                        json.getBoolean("audio_description", false),
                        json.getBoolean("high_contrast", false),
                        json.getBoolean("large_text", false));
    }
}
