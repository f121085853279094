package io.manimvideo.ingress.web;

import io.manimvideo.ingress.http.OperationHandlers;
import io.manimvideo.ingress.session.UserSession;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * The web API of {@code contracts/openapi.yaml}, {@code direct-code-api.yaml} and
 * {@code video-delivery.yaml}: anonymous sessions, submissions, status (also live, as Server-Sent
 * Events), history, cancel, linking, and video access (which records delivery). Requests arrive validated
 * against the contract; errors leave through {@code ProblemResponses}. This is the routing table: every operation
 * but {@code createSession} and {@code getPageTexts} requires a session, and the handlers do the rest.
 */
public final class WebApi implements OperationHandlers {
    private final SessionAuth auth;
    private final SessionRoutes sessions;
    private final JobRoutes jobs;
    private final DeliveryRoutes delivery;
    private final PageTexts pageTexts;

    public WebApi(
            SessionAuth auth, SessionRoutes sessions, JobRoutes jobs, DeliveryRoutes delivery, PageTexts pageTexts) {
        this.pageTexts = pageTexts;
        this.auth = auth;
        this.sessions = sessions;
        this.jobs = jobs;
        this.delivery = delivery;
    }

    @Override
    public Map<String, Handler<RoutingContext>> handlers() {
        return Map.ofEntries(
                Map.entry("createSession", sessions::createSession),
                Map.entry("getPageTexts", pageTexts::get),
                Map.entry("getSession", authed(sessions::getSession)),
                Map.entry("updateSession", authed(sessions::updateSession)),
                Map.entry("submitJob", authed(jobs::submitJob)),
                Map.entry("submitCode", authed(jobs::submitCode)),
                Map.entry("listHistory", authed(sessions::listHistory)),
                Map.entry("getJob", authed(jobs::getJob)),
                Map.entry("cancelJob", authed(jobs::cancelJob)),
                Map.entry("jobEvents", authed(jobs::jobEvents)),
                Map.entry("createLinkCode", authed(sessions::createLinkCode)),
                Map.entry("redeemLinkCode", authed(sessions::redeemLinkCode)),
                Map.entry("accessVideo", authed(delivery::video)),
                Map.entry("accessThumbnail", authed(delivery::thumbnail)),
                Map.entry("accessCaptions", authed(delivery::captions)),
                Map.entry("accessTranscript", authed(delivery::transcript)),
                Map.entry("markDelivered", authed(delivery::markDelivered)));
    }

    private Handler<RoutingContext> authed(
            java.util.function.BiFunction<RoutingContext, UserSession, Future<Void>> handler) {
        return ctx -> auth.require(ctx)
                .compose(session -> handler.apply(ctx, session))
                .onFailure(ctx::fail);
    }
}
