package io.manimvideo.ingress;

import io.manimvideo.ingress.notify.NotificationDispatcher;
import io.manimvideo.ingress.notify.Notifiers;
import io.manimvideo.ingress.notify.PlatformNotifier;
import io.manimvideo.ingress.notify.VideoJobWatcher;
import io.manimvideo.ingress.redis.WorkClaims;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * One per process: the VideoJob informer and the notification dispatcher (one informer is enough, and
 * the dispatcher's Redis guards make it once per cluster anyway), on its own event loop so notifications
 * never wait behind HTTP work.
 */
public final class NotificationVerticle extends VerticleBase {
    static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(3);

    private final IngressServices services;
    private final List<PlatformNotifier> notifiers;
    private VideoJobWatcher watcher;

    public NotificationVerticle(IngressServices services, List<PlatformNotifier> notifiers) {
        this.services = services;
        this.notifiers = notifiers;
    }

    @Override
    public Future<?> start() {
        IngressConfig config = services.config();
        NotificationDispatcher dispatcher = new NotificationDispatcher(
                new Notifiers(notifiers),
                services.sessions(),
                new WorkClaims(
                        vertx,
                        services.redis(),
                        config.redisLifetimes().notifySending(),
                        UUID.randomUUID().toString()),
                services.deduplicator(),
                services.jobs(),
                services.deliveryLinks(),
                services.storedTexts(),
                config.publicBaseUrl(),
                PROGRESS_INTERVAL,
                services.clock(),
                config.redisLifetimes().notifyPhaseGuard());
        watcher = new VideoJobWatcher(
                services.kubernetes(),
                config.videoJobNamespace(),
                config.notifyResyncInterval(),
                dispatcher,
                context,
                services.reachableAgain());
        watcher.start();
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        if (watcher != null) {
            watcher.close();
        }
        return Future.succeededFuture();
    }
}
