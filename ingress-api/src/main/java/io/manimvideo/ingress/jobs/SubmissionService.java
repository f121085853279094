package io.manimvideo.ingress.jobs;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.manimvideo.api.Accessibility;
import io.manimvideo.api.Platform;
import io.manimvideo.api.SubmissionType;
import io.manimvideo.api.VideoJob;
import io.manimvideo.api.VideoJobSpec;
import io.manimvideo.api.texts.Text;
import io.manimvideo.ingress.http.ApiProblem;
import io.manimvideo.ingress.ratelimit.PlatformConfig;
import io.manimvideo.ingress.ratelimit.PlatformConfigStore;
import io.manimvideo.ingress.ratelimit.RateLimiter;
import io.manimvideo.ingress.redis.Deduplicator;
import io.manimvideo.ingress.session.SessionStore;
import io.manimvideo.ingress.session.VideoMetadata;
import io.vertx.core.Future;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@link Submission} from any platform into a VideoJob, the one way jobs are made:
 * validation (data-model rules, platform feature flags), the session's rate limit (a redelivered message is not
 * charged twice), creation under a name derived from the message id (AlreadyExists means an earlier
 * delivery made it: that job is the answer), and the entry in the session's history.
 *
 * <p>Failures: {@link InvalidSubmissionException} (tell the person), {@code RateLimitedException},
 * {@code DependencyUnavailableException} (Redis or the API server down: nothing is lost, because a retry
 * of the same message finds the job or makes it, and records it in the history either way).
 */
public final class SubmissionService {
    private static final Logger LOG = LoggerFactory.getLogger(SubmissionService.class);

    private final VideoJobCreator creator;
    private final String namespace;
    private final PlatformConfigStore platformConfigs;
    private final RateLimiter rateLimiter;
    private final SessionStore sessions;

    public SubmissionService(
            VideoJobCreator creator,
            String namespace,
            PlatformConfigStore platformConfigs,
            RateLimiter rateLimiter,
            SessionStore sessions) {
        this.creator = creator;
        this.namespace = namespace;
        this.platformConfigs = platformConfigs;
        this.rateLimiter = rateLimiter;
        this.sessions = sessions;
    }

    public Future<SubmittedJob> submit(Submission submission) {
        return submit(submission, platformConfig(submission.platform()), Optional.empty());
    }

    /** The platform's configuration, for {@link #submit(Submission, Future, Optional)}. */
    public Future<PlatformConfig> platformConfig(Platform platform) {
        return platformConfigs.get(platform);
    }

    /**
     * As {@link #submit(Submission)}, with the platform's configuration already asked for: a caller that asks
     * for it at the same time as for other things (the chat's session) saves a round trip to Redis. {@code marker}
     * is set in the same atomic step as the history entry, once the job exists (a chat claims its reply so): the
     * result says whether this delivery set it.
     */
    public Future<SubmittedJob> submit(
            Submission submission, Future<PlatformConfig> platformConfig, Optional<Deduplicator.Marker> marker) {
        String name;
        try {
            name = JobNames.of(submission.platform(), submission.sessionId(), submission.messageId());
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(ApiProblem.badRequest(Text.of("problem.malformed")));
        }
        return platformConfig
                .compose(config -> {
                    SubmissionRules.check(submission, config);
                    return rateLimiter
                            .acquire(submission.sessionId(), name, config)
                            .compose(v -> create(name, submission, config));
                })
                .compose(submitted -> sessions.recordSubmission(
                                submission.sessionId(), VideoMetadata.of(submitted.job()), marker)
                        .map(submitted::marked));
    }

    private Future<SubmittedJob> create(String name, Submission submission, PlatformConfig config) {
        return creator.create(toVideoJob(name, submission, config)).map(submitted -> {
            String owner = submitted.job().getSpec().getSessionId();
            if (!submission.sessionId().equals(owner)) {
                throw ApiProblem.conflict(Text.of("problem.idempotencyKeyReused"));
            }
            if (submitted.created()) {
                LOG.info(
                        "event=videojob_created job={} platform={} type={} session={}",
                        name,
                        submission.platform().name().toLowerCase(),
                        submission.type().name().toLowerCase(),
                        submission.sessionId());
            }
            return submitted;
        });
    }

    private VideoJob toVideoJob(String name, Submission submission, PlatformConfig config) {
        VideoJobSpec spec = new VideoJobSpec();
        spec.setSubmissionType(submission.type());
        spec.setPlatform(submission.platform());
        spec.setSessionId(submission.sessionId());
        if (submission.type() == SubmissionType.PROBLEM) {
            spec.setProblemText(submission.content().strip());
        } else {
            spec.setManimCode(submission.content());
        }
        submission.sceneName().ifPresent(spec::setSceneName);
        spec.setOptions(submission.options());
        spec.setLanguage(submission.language());
        spec.setAccessibility(config.accessibilityEnabled() ? submission.accessibility() : new Accessibility());
        VideoJob job = new VideoJob();
        job.setMetadata(new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(Map.of(
                        JobLabels.SESSION,
                        submission.sessionId(),
                        JobLabels.PLATFORM,
                        submission.platform().name().toLowerCase()))
                .build());
        job.setSpec(spec);
        return job;
    }
}
