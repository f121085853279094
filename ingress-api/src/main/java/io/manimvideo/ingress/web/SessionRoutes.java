package io.manimvideo.ingress.web;

import static io.manimvideo.ingress.web.JsonReply.json;

import io.manimvideo.api.Platform;
import io.manimvideo.api.texts.Text;
import io.manimvideo.ingress.http.ApiProblem;
import io.manimvideo.ingress.http.RequestLanguage;
import io.manimvideo.ingress.session.LinkCodes;
import io.manimvideo.ingress.session.SessionStore;
import io.manimvideo.ingress.session.UserSession;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Optional;

/** Anonymous web sessions: create and read one, its history, and linking it with a chat platform by code. */
public final class SessionRoutes {
    private final SessionStore sessions;
    private final SessionAuth auth;
    private final LinkCodes linkCodes;
    private final LinkTargets linkTargets;

    public SessionRoutes(SessionStore sessions, SessionAuth auth, LinkCodes linkCodes, LinkTargets linkTargets) {
        this.sessions = sessions;
        this.auth = auth;
        this.linkCodes = linkCodes;
        this.linkTargets = linkTargets;
    }

    void createSession(RoutingContext ctx) {
        JsonObject body = bodyOrEmpty(ctx);
        String language = body.getString("language", "en");
        RequestLanguage.remember(ctx, language);
        sessions.createWebSession(language)
                .compose(session ->
                        body.containsKey("accessibility_enabled") || body.containsKey("screen_reader_preferred")
                                ? sessions.setAccessibility(
                                                session.sessionId(),
                                                body.getBoolean("accessibility_enabled", false),
                                                body.getBoolean("screen_reader_preferred", false))
                                        .compose(v -> sessions.get(session.sessionId()))
                                        .map(Optional::orElseThrow)
                                : Future.succeededFuture(session))
                .onSuccess(session -> {
                    String token = session.webSessionToken().orElseThrow();
                    auth.setCookie(ctx, token);
                    json(ctx, 201, new JsonObject().put("session_token", token).put("session", sessionJson(session)));
                })
                .onFailure(ctx::fail);
    }

    Future<Void> getSession(RoutingContext ctx, UserSession session) {
        return Future.succeededFuture(json(ctx, 200, sessionJson(session)));
    }

    /** A new language (checked against the contract's pattern): this answer and every later one speak it. */
    Future<Void> updateSession(RoutingContext ctx, UserSession session) {
        String language = ctx.body().asJsonObject().getString("language");
        return sessions.setLanguage(session.sessionId(), language)
                .compose(v -> sessions.get(session.sessionId()))
                .map(updated -> {
                    RequestLanguage.remember(ctx, language);
                    return json(ctx, 200, sessionJson(updated.orElseThrow()));
                });
    }

    Future<Void> listHistory(RoutingContext ctx, UserSession session) {
        return sessions.history(session.sessionId()).map(entries -> {
            JsonArray items = new JsonArray();
            entries.forEach(e -> items.add(e.toJson()));
            return json(ctx, 200, new JsonObject().put("items", items));
        });
    }

    Future<Void> createLinkCode(RoutingContext ctx, UserSession session) {
        return linkCodes
                .create(session.sessionId())
                .map(code -> json(
                        ctx,
                        201,
                        new JsonObject()
                                .put("code", code.code())
                                .put("expires_at", code.expiresAt().toString())
                                .put("send_to", linkTargets.targets().copy())));
    }

    Future<Void> redeemLinkCode(RoutingContext ctx, UserSession session) {
        String token = SessionAuth.token(ctx);
        return linkCodes.redeem(ctx.pathParam("code"), Platform.WEB, token).map(target -> {
            UserSession linked = target.orElseThrow(() -> ApiProblem.notFound(Text.of("problem.linkCodeUnknown")));
            return json(ctx, 200, sessionJson(linked));
        });
    }

    static JsonObject sessionJson(UserSession session) {
        JsonObject json = new JsonObject()
                .put("session_id", session.sessionId())
                .put("created_at", session.createdAt())
                .put("last_activity", session.lastActivity())
                .put("language_preference", session.languagePreference())
                .put(
                        "platforms",
                        new JsonArray(session.platforms().stream()
                                .map(p -> p.name().toLowerCase(Locale.ROOT))
                                .toList()))
                .put("total_submissions", session.totalSubmissions())
                .put("successful_generations", session.successfulGenerations())
                .put("accessibility_enabled", session.accessibilityEnabled())
                .put("screen_reader_preferred", session.screenReaderPreferred());
        session.platformPrimary()
                .ifPresent(p -> json.put("platform_primary", p.name().toLowerCase(Locale.ROOT)));
        return json;
    }

    private static JsonObject bodyOrEmpty(RoutingContext ctx) {
        return ctx.body() == null || ctx.body().isEmpty()
                ? new JsonObject()
                : ctx.body().asJsonObject();
    }
}
