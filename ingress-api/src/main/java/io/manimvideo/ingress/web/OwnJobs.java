package io.manimvideo.ingress.web;

import io.manimvideo.api.VideoJob;
import io.manimvideo.api.texts.Text;
import io.manimvideo.ingress.http.ApiProblem;
import io.manimvideo.ingress.jobs.JobQueries;
import io.manimvideo.ingress.session.UserSession;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/** The job named by the {@code jobId} path parameter, only when the session owns it (404 otherwise). */
public final class OwnJobs {
    private final JobQueries jobs;

    public OwnJobs(JobQueries jobs) {
        this.jobs = jobs;
    }

    Future<VideoJob> find(RoutingContext ctx, UserSession session) {
        return jobs.getForSession(ctx.pathParam("jobId"), session.sessionId())
                .map(job -> job.orElseThrow(() -> ApiProblem.notFound(Text.of("problem.jobNotFound"))));
    }
}
