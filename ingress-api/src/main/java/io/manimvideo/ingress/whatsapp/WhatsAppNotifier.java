package io.manimvideo.ingress.whatsapp;

import io.manimvideo.api.Phase;
import io.manimvideo.api.Platform;
import io.manimvideo.api.VideoFacts;
import io.manimvideo.api.VideoJob;
import io.manimvideo.ingress.chat.ChatReplies;
import io.manimvideo.ingress.chat.ChatTexts;
import io.manimvideo.ingress.chat.VideoTexts;
import io.manimvideo.ingress.jobs.RetryRule;
import io.manimvideo.ingress.notify.JobNotification;
import io.manimvideo.ingress.notify.PlatformNotifier;
import io.manimvideo.ingress.notify.VideoNotDelivered;
import io.manimvideo.ingress.session.Masking;
import io.manimvideo.ingress.session.UserSession;
import io.manimvideo.ingress.session.VideoMetadata;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a WhatsApp number about its job. WhatsApp cannot edit messages and limits messages to one person,
 * so only rendering, the result and failures are sent: the video by link (or a link in a text above
 * WhatsApp's 16 MB), or the failure with a retry button. Outside the 24-hour window nothing can be sent:
 * that is recorded; rate limits and server errors fail the Future so the dispatcher tries again.
 */
public final class WhatsAppNotifier implements PlatformNotifier {
    private static final Logger LOG = LoggerFactory.getLogger(WhatsAppNotifier.class);

    private final WhatsAppCloudClient client;
    private final ChatReplies repliesByLanguage;
    private final Duration deliveryUrlTtl;

    public WhatsAppNotifier(WhatsAppCloudClient client, ChatReplies replies, Duration deliveryUrlTtl) {
        this.client = client;
        this.repliesByLanguage = replies;
        this.deliveryUrlTtl = deliveryUrlTtl;
    }

    @Override
    public Platform platform() {
        return Platform.WHATSAPP;
    }

    @Override
    public boolean deliversOnReady() {
        return true;
    }

    @Override
    public Future<Void> notify(JobNotification notification, UserSession session) {
        Optional<String> phone = session.address(Platform.WHATSAPP);
        if (phone.isEmpty() || notification.kind() == JobNotification.Kind.PROGRESS) {
            return Future.succeededFuture();
        }
        String to = WhatsAppAddresses.toWaId(phone.get());
        return send(to, notification, repliesByLanguage.in(session.languagePreference()))
                .compose(result -> settle(phone.get(), notification, result));
    }

    private Future<WhatsAppResult> send(String to, JobNotification notification, ChatTexts replies) {
        VideoJob job = notification.job();
        return switch (notification.phase()) {
            case RENDERING -> client.sendText(to, replies.progress(Phase.RENDERING, null));
            case READY -> deliver(to, notification, replies);
            case FAILED ->
                RetryRule.canRetry(job)
                        ? client.sendTextWithButton(
                                to,
                                replies.failed(job),
                                WhatsAppWebhookInterpreter.RETRY_PREFIX + notification.jobName(),
                                replies.retryButton())
                        : client.sendText(to, replies.failed(job));
            case EXPIRED -> client.sendText(to, replies.progress(Phase.EXPIRED, null));
            // queued was the reply to the message; the other steps are too quick to be worth a message each
            case QUEUED, AI_GENERATING, CODE_VALIDATING, UPLOADING, DELIVERED ->
                Future.succeededFuture(new WhatsAppResult.Sent(null));
        };
    }

    private Future<WhatsAppResult> deliver(String to, JobNotification notification, ChatTexts replies) {
        VideoFacts facts = notification.job().getStatus() == null
                ? null
                : notification.job().getStatus().getVideo();
        if (notification.videoUrl().isEmpty() || facts == null || facts.getSizeBytes() == null) {
            return client.sendText(to, replies.videoLink(notification.accessUrl(), deliveryUrlTtl));
        }
        if (!WhatsAppCloudClient.fitsAsVideo(facts.getSizeBytes())) {
            return client.sendText(to, replies.videoLink(notification.videoUrl().get(), deliveryUrlTtl));
        }
        VideoTexts texts = VideoTexts.of(
                replies.videoCaption(VideoMetadata.of(notification.job()).problemPreview()),
                notification.transcript(),
                WhatsAppCloudClient.CAPTION_LIMIT,
                WhatsAppCloudClient.TEXT_LIMIT);
        return client.sendVideo(to, notification.videoUrl().get(), texts.caption())
                .compose(result -> result.isSent()
                        ? texts.sendFollowUps(
                                        "whatsapp",
                                        text -> client.sendText(to, text).map(WhatsAppResult::isSent))
                                .map(result)
                        : Future.succeededFuture(result));
    }

    private static Future<Void> settle(String phone, JobNotification notification, WhatsAppResult result) {
        if (result.isSent()) {
            return Future.succeededFuture();
        }
        LOG.warn(
                "event=whatsapp_notification_failed to={} job={} phase={} result={}",
                Masking.address(phone),
                notification.jobName(),
                notification.phase().wireName(),
                result);
        // a video that could not be sent must not be recorded as delivered: it stays Ready and is offered
        // again when the person writes (which reopens the 24-hour window), or expires at its TTL
        if (notification.phase() == Phase.READY && result instanceof WhatsAppResult.OutsideWindow) {
            return Future.failedFuture(new VideoNotDelivered("outside WhatsApp's 24-hour window"));
        }
        boolean worthRetrying = result instanceof WhatsAppResult.RateLimited
                || result instanceof WhatsAppResult.Failed failed && failed.httpStatus() >= 500;
        return worthRetrying ? Future.failedFuture("WhatsApp Cloud API: " + result) : Future.succeededFuture();
    }
}
