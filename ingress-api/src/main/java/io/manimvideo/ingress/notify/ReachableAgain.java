package io.manimvideo.ingress.notify;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;

/**
 * "This person just wrote to us": a video that could not be handed over (chat blocked, WhatsApp's 24-hour
 * window closed) stays Ready, and is offered again at once instead of waiting for the next resync. The
 * chat bots announce it; the {@link VideoJobWatcher} of this replica re-dispatches the session's Ready jobs.
 */
public final class ReachableAgain {
    private static final String ADDRESS = "manimvideo.reachable-again";

    private final Vertx vertx;

    public ReachableAgain(Vertx vertx) {
        this.vertx = vertx;
    }

    public void wroteAgain(String sessionId) {
        vertx.eventBus().publish(ADDRESS, sessionId);
    }

    public MessageConsumer<String> subscribe(Handler<String> sessionId) {
        return vertx.eventBus().<String>localConsumer(ADDRESS, message -> sessionId.handle(message.body()));
    }
}
