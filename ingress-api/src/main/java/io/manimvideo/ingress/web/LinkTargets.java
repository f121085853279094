package io.manimvideo.ingress.web;

import io.manimvideo.ingress.IngressConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Where a person sends a link code: the Telegram bot ({@code TELEGRAM_BOT_USERNAME}) and the WhatsApp
 * number ({@code WHATSAPP_DISPLAY_NUMBER}) of the platforms that are switched on, with a link that opens
 * the chat. Part of the link code answer, so the page can say it.
 */
public record LinkTargets(JsonArray targets) {

    public static LinkTargets of(IngressConfig config) {
        JsonArray targets = new JsonArray();
        if (config.telegramEnabled()) {
            config.telegramBotUsername()
                    .map(name -> name.replaceFirst("^@", ""))
                    .ifPresent(name -> targets.add(new JsonObject()
                            .put("platform", "telegram")
                            .put("platform_name", "Telegram")
                            .put("address", "@" + name)
                            .put("url", "https://t.me/" + name)));
        }
        if (config.whatsappEnabled()) {
            config.whatsappDisplayNumber()
                    .map(number -> number.replaceAll("[^0-9]", ""))
                    .filter(d -> !d.isEmpty())
                    .ifPresent(digits -> targets.add(new JsonObject()
                            .put("platform", "whatsapp")
                            .put("platform_name", "WhatsApp")
                            .put("address", "+" + digits)
                            .put("url", "https://wa.me/" + digits)));
        }
        return new LinkTargets(targets);
    }
}
