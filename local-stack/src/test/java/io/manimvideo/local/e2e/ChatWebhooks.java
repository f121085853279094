package io.manimvideo.local.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The chat platforms' webhook calls to the ingress, as Telegram (secret header) and Meta (signed body) make them. */
final class ChatWebhooks {
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String webUrl;

    ChatWebhooks(String webUrl) {
        this.webUrl = webUrl;
    }

    /** Delivers a Telegram update (JSON) to {@code /webhooks/telegram}. */
    HttpResponse<String> telegram(String update) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(webUrl + "/webhooks/telegram"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .header("X-Telegram-Bot-Api-Secret-Token", EndToEndStack.TELEGRAM_SECRET)
                        .POST(HttpRequest.BodyPublishers.ofString(update))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Delivers a WhatsApp webhook body (JSON), signed with the app secret, to {@code /webhooks/whatsapp}. */
    HttpResponse<String> whatsapp(String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(webUrl + "/webhooks/whatsapp"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .header("X-Hub-Signature-256", "sha256=" + hmacSha256(EndToEndStack.WHATSAPP_APP_SECRET, body))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String hmacSha256(String key, String body) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
