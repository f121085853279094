package io.manimvideo.ingress.web;

import io.manimvideo.api.Accessibility;
import io.manimvideo.api.Phase;
import io.manimvideo.api.Platform;
import io.manimvideo.api.Quality;
import io.manimvideo.api.RenderOptions;
import io.manimvideo.api.SubmissionType;
import io.manimvideo.api.VideoFormat;
import io.manimvideo.api.VideoJob;
import io.manimvideo.ingress.http.ApiProblem;
import io.manimvideo.ingress.http.OperationHandlers;
import io.manimvideo.ingress.jobs.JobQueries;
import io.manimvideo.ingress.jobs.Submission;
import io.manimvideo.ingress.jobs.SubmissionService;
import io.manimvideo.ingress.jobs.SubmittedJob;
import io.manimvideo.ingress.notify.DeliveryLinks;
import io.manimvideo.ingress.notify.StoredTexts;
import io.manimvideo.ingress.session.LinkCodes;
import io.manimvideo.ingress.session.SessionStore;
import io.manimvideo.ingress.session.UserSession;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The web API of {@code contracts/openapi.yaml}, {@code direct-code-api.yaml} and
 * {@code video-delivery.yaml}: anonymous sessions, submissions, status (also live, as Server-Sent
 * Events), history, cancel, linking, and video access (which records delivery). Requests arrive validated
 * against the contract; errors leave through {@code ProblemResponses}.
 */
public final class WebApi implements OperationHandlers {
  private final SessionStore sessions;
  private final SessionAuth auth;
  private final SubmissionService submissions;
  private final JobQueries jobs;
  private final LinkCodes linkCodes;
  private final DeliveryLinks links;
  private final StoredTexts texts;
  private final SseStreams streams;
  private final LinkTargets linkTargets;
  private final Clock clock;

  public WebApi(SessionStore sessions, SessionAuth auth, SubmissionService submissions, JobQueries jobs,
      LinkCodes linkCodes, DeliveryLinks links, StoredTexts texts, SseStreams streams, LinkTargets linkTargets, Clock clock) {
    this.sessions = sessions;
    this.auth = auth;
    this.submissions = submissions;
    this.jobs = jobs;
    this.linkCodes = linkCodes;
    this.links = links;
    this.texts = texts;
    this.streams = streams;
    this.linkTargets = linkTargets;
    this.clock = clock;
  }

  @Override
  public Map<String, Handler<RoutingContext>> handlers() {
    return Map.ofEntries(
        Map.entry("createSession", this::createSession),
        Map.entry("getSession", authed((ctx, session) -> Future.succeededFuture(json(ctx, 200, sessionJson(session))))),
        Map.entry("submitJob", authed(this::submitJob)),
        Map.entry("submitCode", authed(this::submitCode)),
        Map.entry("listHistory", authed(this::listHistory)),
        Map.entry("getJob", authed((ctx, session) -> ownJob(ctx, session)
            .map(job -> json(ctx, 200, JobStatusView.of(job))))),
        Map.entry("cancelJob", authed(this::cancelJob)),
        Map.entry("jobEvents", authed(this::jobEvents)),
        Map.entry("createLinkCode", authed((ctx, session) -> linkCodes.create(session.sessionId())
            .map(code -> json(ctx, 201, new JsonObject().put("code", code.code())
                .put("expires_at", code.expiresAt().toString()).put("send_to", linkTargets.targets().copy()))))),
        Map.entry("redeemLinkCode", authed(this::redeemLinkCode)),
        Map.entry("accessVideo", authed((ctx, session) -> access(ctx, session, true))),
        Map.entry("accessThumbnail", authed((ctx, session) -> access(ctx, session, false))),
        Map.entry("accessCaptions", authed((ctx, session) -> text(ctx, session, texts::captions,
            "text/vtt; charset=utf-8", "This video has no captions."))),
        Map.entry("accessTranscript", authed((ctx, session) -> text(ctx, session, texts::transcript,
            "text/plain; charset=utf-8", "This video has no transcript."))),
        Map.entry("markDelivered", authed(this::markDelivered)));
  }

  private void createSession(RoutingContext ctx) {
    JsonObject body = bodyOrEmpty(ctx);
    sessions.createWebSession(body.getString("language", "en"))
        .compose(session -> body.containsKey("accessibility_enabled") || body.containsKey("screen_reader_preferred")
            ? sessions.setAccessibility(session.sessionId(), body.getBoolean("accessibility_enabled", false),
                body.getBoolean("screen_reader_preferred", false)).compose(v -> sessions.get(session.sessionId()))
                .map(Optional::orElseThrow)
            : Future.succeededFuture(session))
        .onSuccess(session -> {
          String token = session.webSessionToken().orElseThrow();
          auth.setCookie(ctx, token);
          json(ctx, 201, new JsonObject().put("session_token", token).put("session", sessionJson(session)));
        })
        .onFailure(ctx::fail);
  }

  private Future<Void> submitJob(RoutingContext ctx, UserSession session) {
    JsonObject body = ctx.body().asJsonObject();
    SubmissionType type = "problem".equals(body.getString("submission_type")) ? SubmissionType.PROBLEM
        : SubmissionType.DIRECT_CODE;
    return submit(ctx, session, type, body.getString("content"), body);
  }

  private Future<Void> submitCode(RoutingContext ctx, UserSession session) {
    JsonObject body = ctx.body().asJsonObject();
    return submit(ctx, session, SubmissionType.DIRECT_CODE, body.getString("code"), body);
  }

  private Future<Void> submit(RoutingContext ctx, UserSession session, SubmissionType type, String content,
      JsonObject body) {
    String key = Optional.ofNullable(ctx.request().getHeader("Idempotency-Key")).orElse(UUID.randomUUID().toString());
    Submission submission = new Submission(Platform.WEB, type, content, session.sessionId(),
        options(body.getJsonObject("options")), Optional.ofNullable(body.getString("scene_name")),
        body.getString("language", session.languagePreference()), accessibility(body.getJsonObject("accessibility")),
        key);
    return submissions.submit(submission).map(submitted -> respondSubmitted(ctx, submitted));
  }

  private Void respondSubmitted(RoutingContext ctx, SubmittedJob submitted) {
    String name = submitted.job().getMetadata().getName();
    ctx.response().putHeader("Location", "/api/v1/jobs/" + name);
    return json(ctx, submitted.created() ? 201 : 200, JobStatusView.of(submitted.job()));
  }

  private Future<Void> listHistory(RoutingContext ctx, UserSession session) {
    return sessions.history(session.sessionId()).map(entries -> {
      JsonArray items = new JsonArray();
      entries.forEach(e -> items.add(e.toJson()));
      return json(ctx, 200, new JsonObject().put("items", items));
    });
  }

  private Future<Void> cancelJob(RoutingContext ctx, UserSession session) {
    return ownJob(ctx, session).compose(job -> jobs.delete(job.getMetadata().getName()))
        .map(deleted -> {
          ctx.response().setStatusCode(204).end();
          return null;
        });
  }

  private Future<Void> jobEvents(RoutingContext ctx, UserSession session) {
    return ownJob(ctx, session).map(job -> {
      streams.open(job.getMetadata().getName(), ctx.response(), JobStatusView.of(job));
      return null;
    });
  }

  private Future<Void> redeemLinkCode(RoutingContext ctx, UserSession session) {
    String token = SessionAuth.token(ctx);
    return linkCodes.redeem(ctx.pathParam("code"), Platform.WEB, token).map(target -> {
      UserSession linked = target.orElseThrow(() ->
          ApiProblem.notFound("This link code is unknown, already used or expired; ask for a new one."));
      return json(ctx, 200, sessionJson(linked));
    });
  }

  /** Video (records delivery, 302) or thumbnail (302). */
  private Future<Void> access(RoutingContext ctx, UserSession session, boolean video) {
    return readyJob(ctx, session).compose(job -> {
      Optional<String> url = video ? links.video(job) : links.thumbnail(job);
      if (url.isEmpty()) {
        throw ApiProblem.gone(video ? "The video was delivered and has been deleted." : "This video has no thumbnail.");
      }
      Future<?> recorded = video ? jobs.markDelivered(job.getMetadata().getName(), Instant.now(clock))
          : Future.succeededFuture();
      return recorded.map(v -> {
        ctx.response().setStatusCode(302).putHeader("Location", url.get()).putHeader("Cache-Control", "no-store").end();
        return null;
      });
    });
  }

  /** Captions or transcript, served from this origin (a {@code <track>} and {@code fetch} need no CORS). */
  private Future<Void> text(RoutingContext ctx, UserSession session, Function<VideoJob, Future<Optional<String>>> read,
      String contentType, String none) {
    return readyJob(ctx, session).compose(read).map(text -> {
      String body = text.orElseThrow(() -> ApiProblem.notFound(none));
      ctx.response().putHeader("Content-Type", contentType).putHeader("Cache-Control", "private, max-age=300").end(body);
      return null;
    });
  }

  /** The session's own job with a video to show: 410 when it expired, 409 while it is still being made. */
  private Future<VideoJob> readyJob(RoutingContext ctx, UserSession session) {
    return ownJob(ctx, session).map(job -> {
      Phase phase = job.getStatus() == null || job.getStatus().getPhase() == null ? Phase.QUEUED : job.getStatus().getPhase();
      if (phase == Phase.EXPIRED) {
        throw ApiProblem.gone("The video expired and was deleted.");
      }
      if (phase != Phase.READY && phase != Phase.DELIVERED) {
        throw ApiProblem.conflict("The video is not ready (the job is " + phase.seedName() + ").");
      }
      return job;
    });
  }

  private Future<Void> markDelivered(RoutingContext ctx, UserSession session) {
    return ownJob(ctx, session).compose(job -> {
      Phase phase = job.getStatus() == null ? null : job.getStatus().getPhase();
      if (phase != Phase.READY && phase != Phase.DELIVERED) {
        throw ApiProblem.conflict("Only a ready video can be marked delivered.");
      }
      return jobs.markDelivered(job.getMetadata().getName(), Instant.now(clock));
    }).map(v -> {
      ctx.response().setStatusCode(204).end();
      return null;
    });
  }

  private Future<VideoJob> ownJob(RoutingContext ctx, UserSession session) {
    return jobs.getForSession(ctx.pathParam("jobId"), session.sessionId())
        .map(job -> job.orElseThrow(() -> ApiProblem.notFound("This session has no job with that id.")));
  }

  private Handler<RoutingContext> authed(java.util.function.BiFunction<RoutingContext, UserSession, Future<Void>> handler) {
    return ctx -> auth.require(ctx).compose(session -> handler.apply(ctx, session)).onFailure(ctx::fail);
  }

  private static RenderOptions options(JsonObject json) {
    RenderOptions options = new RenderOptions();
    if (json != null) {
      Optional.ofNullable(json.getString("quality")).map(q -> Quality.valueOf(q.toUpperCase(Locale.ROOT)))
          .ifPresent(options::setQuality);
      Optional.ofNullable(json.getString("format")).map(f -> VideoFormat.valueOf(f.toUpperCase(Locale.ROOT)))
          .ifPresent(options::setFormat);
      Optional.ofNullable(json.getInteger("max_duration_seconds")).ifPresent(options::setMaxDurationSeconds);
    }
    return options;
  }

  private static Accessibility accessibility(JsonObject json) {
    return json == null ? new Accessibility() : new Accessibility(json.getBoolean("audio_description", false),
        json.getBoolean("high_contrast", false), json.getBoolean("large_text", false));
  }

  static JsonObject sessionJson(UserSession session) {
    JsonObject json = new JsonObject()
        .put("session_id", session.sessionId())
        .put("created_at", session.createdAt())
        .put("last_activity", session.lastActivity())
        .put("language_preference", session.languagePreference())
        .put("platforms", new JsonArray(session.platforms().stream().map(p -> p.name().toLowerCase(Locale.ROOT)).toList()))
        .put("total_submissions", session.totalSubmissions())
        .put("successful_generations", session.successfulGenerations())
        .put("accessibility_enabled", session.accessibilityEnabled())
        .put("screen_reader_preferred", session.screenReaderPreferred());
    session.platformPrimary().ifPresent(p -> json.put("platform_primary", p.name().toLowerCase(Locale.ROOT)));
    return json;
  }

  private static JsonObject bodyOrEmpty(RoutingContext ctx) {
    return ctx.body() == null || ctx.body().isEmpty() ? new JsonObject() : ctx.body().asJsonObject();
  }

  private static Void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    return null;
  }

}
