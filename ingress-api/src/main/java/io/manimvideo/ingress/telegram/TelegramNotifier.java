package io.manimvideo.ingress.telegram;

import io.manimvideo.api.Phase;
import io.manimvideo.api.Platform;
import io.manimvideo.api.VideoFacts;
import io.manimvideo.api.VideoFormat;
import io.manimvideo.api.VideoJob;
import io.manimvideo.ingress.chat.BlockedAddresses;
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
import org.telegram.telegrambots.meta.api.methods.ActionType;

/**
 * Tells a Telegram chat about its job: a chat action while working, one progress message edited as the
 * job moves, then the video (by URL, uploaded, or as a link when too big) or the failure with a retry
 * button. A blocked bot marks the chat and stops; errors that a retry could cure fail the Future so the
 * dispatcher tries again on the next event.
 */
public final class TelegramNotifier implements PlatformNotifier {
    private static final Logger LOG = LoggerFactory.getLogger(TelegramNotifier.class);

    private final TelegramBotClient bot;
    private final TelegramProgressMessages progressMessages;
    private final BlockedAddresses blocked;
    private final ChatReplies repliesByLanguage;
    private final Duration deliveryUrlTtl;

    public TelegramNotifier(
            TelegramBotClient bot,
            TelegramProgressMessages progressMessages,
            BlockedAddresses blocked,
            ChatReplies replies,
            Duration deliveryUrlTtl) {
        this.bot = bot;
        this.progressMessages = progressMessages;
        this.blocked = blocked;
        this.repliesByLanguage = replies;
        this.deliveryUrlTtl = deliveryUrlTtl;
    }

    @Override
    public Platform platform() {
        return Platform.TELEGRAM;
    }

    @Override
    public boolean deliversOnReady() {
        return true;
    }

    @Override
    public Future<Void> notify(JobNotification notification, UserSession session) {
        Optional<String> address = session.address(Platform.TELEGRAM);
        if (address.isEmpty()) {
            return Future.succeededFuture();
        }
        long chatId = Long.parseLong(address.get());
        return blocked.isBlocked(Platform.TELEGRAM, address.get())
                .compose(isBlocked -> isBlocked
                        ? notSent(notification)
                        : send(chatId, notification, repliesByLanguage.in(session.languagePreference()))
                                .compose(result -> settle(chatId, notification, result)));
    }

    /**
     * Nothing goes to a blocked chat. A video not handed over must not count as delivered: the failed future
     * keeps the job Ready (until its TTL) and lets the dispatcher offer it again when the person writes.
     */
    private static Future<Void> notSent(JobNotification notification) {
        return notification.phase() == Phase.READY && notification.kind() == JobNotification.Kind.PHASE
                ? Future.failedFuture(new VideoNotDelivered("the chat has blocked the bot"))
                : Future.succeededFuture();
    }

    private Future<TelegramResult> send(long chatId, JobNotification notification, ChatTexts replies) {
        VideoJob job = notification.job();
        Phase phase = notification.phase();
        return switch (phase) {
            // the reply to the person's message already said "queued", and became the progress message
            case QUEUED -> Future.succeededFuture(new TelegramResult.Sent(null));
            case AI_GENERATING, CODE_VALIDATING, RENDERING, UPLOADING ->
                bot.sendChatAction(chatId, phase == Phase.UPLOADING ? ActionType.UPLOAD_VIDEO : ActionType.TYPING)
                        .compose(ignored -> showProgress(
                                chatId,
                                notification.jobName(),
                                replies.progress(phase, notification.progress().orElse(null))));
            case READY -> deliver(chatId, notification, replies);
            case FAILED ->
                showProgress(chatId, notification.jobName(), replies.progress(Phase.FAILED, null))
                        .compose(ignored -> RetryRule.canRetry(job)
                                ? bot.sendMessageWithRetryButton(
                                        chatId, replies.failed(job), replies.retryButton(), notification.jobName())
                                : bot.sendMessage(chatId, replies.failed(job)));
            case EXPIRED -> bot.sendMessage(chatId, replies.progress(Phase.EXPIRED, null));
            // delivery is what we just did: nothing more to say
            case DELIVERED -> Future.succeededFuture(new TelegramResult.Sent(null));
        };
    }

    /** Edits the job's progress message, or sends one (and remembers it) when there is none yet. */
    private Future<TelegramResult> showProgress(long chatId, String jobName, String text) {
        return progressMessages.find(jobName).compose(messageId -> {
            if (messageId.isPresent()) {
                return bot.editMessageText(chatId, messageId.get(), text).map(TelegramNotifier::unchangedIsSent);
            }
            return bot.sendMessage(chatId, text)
                    .compose(result -> result instanceof TelegramResult.Sent sent && sent.messageId() != null
                            ? progressMessages
                                    .remember(jobName, sent.messageId())
                                    .map(result)
                            : Future.succeededFuture(result));
        });
    }

    private Future<TelegramResult> deliver(long chatId, JobNotification notification, ChatTexts replies) {
        VideoJob job = notification.job();
        VideoFacts facts = job.getStatus() == null ? null : job.getStatus().getVideo();
        VideoTexts texts = VideoTexts.of(
                replies.videoCaption(VideoMetadata.of(job).problemPreview()),
                notification.transcript(),
                TelegramBotClient.CAPTION_LIMIT,
                TelegramBotClient.TEXT_LIMIT);
        if (notification.videoUrl().isEmpty() || facts == null || facts.getSizeBytes() == null) {
            return bot.sendMessage(chatId, replies.videoLink(notification.accessUrl(), deliveryUrlTtl));
        }
        String format = facts.getFormat() == VideoFormat.WEBM ? "webm" : "mp4";
        TelegramVideo video = new TelegramVideo(
                notification.videoUrl().get(),
                facts.getSizeBytes(),
                "video/" + format,
                "video." + format,
                texts.caption());
        return bot.sendChatAction(chatId, ActionType.UPLOAD_VIDEO)
                .compose(ignored -> bot.sendVideo(chatId, video))
                // too big for the Bot API, or refused (e.g. Telegram could not fetch the URL): the link still works
                .compose(result -> result instanceof TelegramResult.TooLarge || refused(result)
                        ? bot.sendMessage(
                                chatId,
                                replies.videoLink(notification.videoUrl().get(), deliveryUrlTtl))
                        : Future.succeededFuture(result))
                .compose(result -> result.isSent()
                        ? texts.sendFollowUps(
                                        "telegram",
                                        text -> bot.sendMessage(chatId, text).map(TelegramResult::isSent))
                                .compose(v -> showProgress(
                                        chatId, notification.jobName(), replies.progress(Phase.READY, null)))
                                .map(result)
                        : Future.succeededFuture(result));
    }

    private static boolean refused(TelegramResult result) {
        return result instanceof TelegramResult.Failed failed && failed.errorCode() >= 400 && failed.errorCode() < 500;
    }

    /** Telegram refuses an edit that changes nothing; the message already says what we wanted. */
    private static TelegramResult unchangedIsSent(TelegramResult result) {
        return result instanceof TelegramResult.Failed failed
                        && failed.errorCode() == 400
                        && failed.description().contains("message is not modified")
                ? new TelegramResult.Sent(null)
                : result;
    }

    private Future<Void> settle(long chatId, JobNotification notification, TelegramResult result) {
        String chat = Masking.address(Long.toString(chatId));
        if (result.isSent()) {
            return Future.succeededFuture();
        }
        if (result instanceof TelegramResult.Blocked) {
            LOG.info("event=telegram_chat_blocked chat={} job={}", chat, notification.jobName());
            return blocked.markBlocked(Platform.TELEGRAM, Long.toString(chatId)).compose(v -> notSent(notification));
        }
        LOG.warn(
                "event=telegram_notification_failed chat={} job={} phase={} result={}",
                chat,
                notification.jobName(),
                notification.phase().wireName(),
                result);
        boolean worthRetrying = result instanceof TelegramResult.RateLimited
                || result instanceof TelegramResult.Failed failed
                        && (failed.errorCode() >= 500 || failed.errorCode() == 0);
        return worthRetrying ? Future.failedFuture("Bot API: " + result) : Future.succeededFuture();
    }
}
