package io.manimvideo.ingress.notify;

import io.manimvideo.api.Platform;
import io.manimvideo.ingress.session.UserSession;
import io.vertx.core.Future;

/**
 * Tells a person on one platform what happened to their job. One implementation per platform (web:
 * Server-Sent Events; Telegram and WhatsApp: their bots), registered in {@link Notifiers}. The
 * {@link NotificationDispatcher} calls it at most once per job and phase across all replicas; it calls
 * it again only if the returned future failed (so a failed send is retried on the next informer event).
 */
public interface PlatformNotifier {
    Platform platform();

    /**
     * Sends the notification to the session's address on {@link #platform()} ({@code
     * session.address(platform())}). On READY, send the video ({@code notification.videoUrl()}).
     */
    Future<Void> notify(JobNotification notification, UserSession session);

    /**
     * True when a successful READY notification hands the video over (the bots send it), so the dispatcher
     * records delivery on the VideoJob. False for the web: delivery is recorded when the person opens it.
     */
    boolean deliversOnReady();
}
