package io.manimvideo.ingress.web;

import io.manimvideo.api.Platform;
import io.manimvideo.api.texts.Text;
import io.manimvideo.ingress.http.ApiProblem;
import io.manimvideo.ingress.http.RequestLanguage;
import io.manimvideo.ingress.session.SessionStore;
import io.manimvideo.ingress.session.UserSession;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import java.util.regex.Pattern;

/**
 * Web session tokens: read from {@code Authorization: Bearer} or the {@code mv_session} cookie (which
 * EventSource and {@code <video>} send without help), resolved through {@code sessions:by_web:{token}}.
 * Each authenticated request is activity: the session's TTL is extended.
 */
public final class SessionAuth {
    public static final String COOKIE = "mv_session";
    private static final Pattern UUID =
            Pattern.compile("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");

    private final SessionStore sessions;
    private final boolean secureCookie;

    public SessionAuth(SessionStore sessions, boolean secureCookie) {
        this.sessions = sessions;
        this.secureCookie = secureCookie;
    }

    public Future<UserSession> require(RoutingContext ctx) {
        String token = token(ctx);
        if (token == null || !UUID.matcher(token).matches()) {
            return Future.failedFuture(ApiProblem.unauthorized(Text.of("problem.noSession")));
        }
        return sessions.findByAddress(Platform.WEB, token)
                .compose(session -> session.isEmpty()
                        ? Future.failedFuture(ApiProblem.unauthorized(Text.of("problem.sessionUnknown")))
                        : sessions.touch(session.get().sessionId()).map(session.get()))
                // from here on the request is answered in the session's language, problems included
                .onSuccess(session -> RequestLanguage.remember(ctx, session.languagePreference()));
    }

    public static String token(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).trim();
        }
        Cookie cookie = ctx.request().getCookie(COOKIE);
        return cookie == null ? null : cookie.getValue();
    }

    public void setCookie(RoutingContext ctx, String token) {
        ctx.response()
                .addCookie(Cookie.cookie(COOKIE, token)
                        .setPath("/")
                        .setHttpOnly(true)
                        .setSecure(secureCookie)
                        .setSameSite(CookieSameSite.STRICT)
                        .setMaxAge(sessions.ttl().toSeconds()));
    }
}
