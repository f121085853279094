package io.manimvideo.ingress.telegram;

import io.manimvideo.api.Platform;
import io.manimvideo.ingress.IngressConfig;
import io.manimvideo.ingress.IngressServices;
import io.manimvideo.ingress.PlatformModule;
import io.manimvideo.ingress.chat.BlockedAddresses;
import io.manimvideo.ingress.chat.ChatConversations;
import io.manimvideo.ingress.chat.ChatReplies;
import io.manimvideo.ingress.chat.ChatTextInterpreter;
import io.manimvideo.ingress.chat.RecentlyTakenIn;
import io.manimvideo.ingress.chat.WebhookJson;
import io.manimvideo.ingress.intake.WebhookQueue;
import io.manimvideo.ingress.intake.WebhookWorker;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The Telegram bot, wired from the configuration; absent while {@code TELEGRAM_BOT_TOKEN} is unset. */
public final class TelegramModule {
    /** The longest {@code retry_after} waited for in place; a longer one fails the send for a later retry. */
    private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);

    private TelegramModule() {}

    public static Optional<PlatformModule> create(IngressServices services) {
        IngressConfig config = services.config();
        if (!config.telegramEnabled()) {
            return Optional.empty();
        }
        WebhookJson json = new WebhookJson();
        ChatReplies replies = new ChatReplies(services.catalog());
        WebClient web = WebClient.create(
                services.vertx(),
                new WebClientOptions()
                        .setUserAgent("manim-video-ingress")
                        .setConnectTimeout(10_000)
                        .setIdleTimeout(120));
        TelegramBotClient bot = new TelegramBotClient(
                services.vertx(),
                web,
                config.telegramApiBaseUrl(),
                config.telegramBotToken().orElseThrow(),
                json,
                MAX_RETRY_AFTER);
        BlockedAddresses blocked =
                new BlockedAddresses(services.redis(), services.sessions().ttl());
        TelegramProgressMessages progressMessages = new TelegramProgressMessages(
                services.redis(), config.redisLifetimes().telegramProgressMessage());
        TelegramIntake intake = new TelegramIntake(
                new TelegramUpdates(json),
                new TelegramUpdateInterpreter(
                        new ChatTextInterpreter(config.telegramBotUsername().orElse(null))),
                ChatConversations.create(services, replies),
                new RecentlyTakenIn(RecentlyTakenIn.DEFAULT_CAPACITY),
                new TelegramReplies(bot, progressMessages, blocked));
        TelegramNotifier notifier =
                new TelegramNotifier(bot, progressMessages, blocked, replies, config.deliveryUrlTtl());
        if (config.telegramPolling()) {
            // no webhook route: updates are fetched with getUpdates and take the same path from there
            return Optional.of(new PlatformModule(
                    Map::of,
                    notifier,
                    Optional.<Deployable>of(new TelegramPoller(bot, json, intake, config.telegramPollTimeout()))));
        }
        WebhookQueue queue = new WebhookQueue(
                services.webhookRedis(),
                services.redis(),
                Platform.TELEGRAM,
                config.webhookQueue().maxLength());
        WebhookWorker worker =
                new WebhookWorker(queue, body -> takeIn(json, intake, body), config.webhookQueue(), services.clock());
        TelegramWebhookHandler webhook = new TelegramWebhookHandler(
                new TelegramWebhookSecret(config.telegramWebhookSecret().orElse("")), intake, queue, worker);
        return Optional.of(new PlatformModule(webhook, notifier, Optional.<Deployable>of(worker)));
    }

    /** A queued webhook call: taken in, then answered (the answer is best effort, as the webhook's was). */
    private static Future<Void> takeIn(WebhookJson json, TelegramIntake intake, Buffer body) {
        return intake.takeIn(json.tree(body)).map(taken -> {
            intake.answer(taken);
            return null;
        });
    }
}
