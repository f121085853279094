package io.manimvideo.ingress.web;

import io.manimvideo.api.Platform;
import io.manimvideo.ingress.notify.JobNotification;
import io.manimvideo.ingress.notify.PlatformNotifier;
import io.manimvideo.ingress.redis.RedisCommands;
import io.manimvideo.ingress.session.UserSession;
import io.vertx.core.Future;

/**
 * The web's notifier: each transition goes to the job's Server-Sent Event streams on every replica (and
 * every event loop of each), through Redis pub/sub.
 * Delivery is recorded when the person opens the video, not here.
 */
public final class SseNotifier implements PlatformNotifier {
    private final RedisCommands redis;
    private final JobStatusView view;

    public SseNotifier(RedisCommands redis, JobStatusView view) {
        this.redis = redis;
        this.view = view;
    }

    @Override
    public Platform platform() {
        return Platform.WEB;
    }

    @Override
    public Future<Void> notify(JobNotification notification, UserSession session) {
        return WebEventRelay.publish(
                redis, notification.jobName(), view.of(notification.job(), session.languagePreference()));
    }

    @Override
    public boolean deliversOnReady() {
        return false;
    }
}
