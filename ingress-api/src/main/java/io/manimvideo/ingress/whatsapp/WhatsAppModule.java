package io.manimvideo.ingress.whatsapp;

import io.manimvideo.api.Platform;
import io.manimvideo.ingress.IngressConfig;
import io.manimvideo.ingress.IngressServices;
import io.manimvideo.ingress.PlatformModule;
import io.manimvideo.ingress.chat.ChatConversations;
import io.manimvideo.ingress.chat.ChatReplies;
import io.manimvideo.ingress.chat.ChatTextInterpreter;
import io.manimvideo.ingress.chat.RecentlyTakenIn;
import io.manimvideo.ingress.chat.WebhookJson;
import io.manimvideo.ingress.intake.WebhookQueue;
import io.manimvideo.ingress.intake.WebhookWorker;
import io.vertx.core.Deployable;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.Optional;

/** The WhatsApp bot, wired from the configuration; absent while {@code WHATSAPP_ACCESS_TOKEN} is unset. */
public final class WhatsAppModule {
    private WhatsAppModule() {}

    public static Optional<PlatformModule> create(IngressServices services) {
        IngressConfig config = services.config();
        if (!config.whatsappEnabled()) {
            return Optional.empty();
        }
        ChatReplies replies = new ChatReplies(services.catalog());
        WebClient web = WebClient.create(
                services.vertx(),
                new WebClientOptions()
                        .setUserAgent("manim-video-ingress")
                        .setConnectTimeout(10_000)
                        .setIdleTimeout(120));
        WhatsAppCloudClient client = new WhatsAppCloudClient(
                web,
                config.whatsappApiBaseUrl(),
                config.whatsappApiVersion(),
                config.whatsappPhoneNumberId().orElseThrow(),
                config.whatsappAccessToken().orElseThrow());
        WebhookQueue queue = new WebhookQueue(
                services.webhookRedis(),
                services.redis(),
                Platform.WHATSAPP,
                config.webhookQueue().maxLength());
        WebhookWorker worker = new WebhookWorker(
                queue,
                new WhatsAppIntake(
                        new WebhookJson(),
                        new WhatsAppWebhookInterpreter(new ChatTextInterpreter(null)),
                        ChatConversations.create(services, replies),
                        new RecentlyTakenIn(RecentlyTakenIn.DEFAULT_CAPACITY),
                        new WhatsAppReplies(client)),
                config.webhookQueue(),
                services.clock());
        WhatsAppWebhookHandler webhook = new WhatsAppWebhookHandler(
                new WhatsAppVerification(config.whatsappVerifyToken().orElse("")),
                new WhatsAppSignature(config.whatsappAppSecret().orElse("")),
                queue,
                worker);
        return Optional.of(new PlatformModule(
                webhook,
                new WhatsAppNotifier(client, replies, config.deliveryUrlTtl()),
                Optional.<Deployable>of(worker)));
    }
}
