package io.manimvideo.ingress.whatsapp;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends messages through the WhatsApp Cloud API: {@code POST {base}/{version}/{phone-number-id}/messages}
 * with a Bearer token. Errors come back typed ({@link WhatsAppResult}), for the caller to record.
 */
public final class WhatsAppCloudClient {
    private static final Logger LOG = LoggerFactory.getLogger(WhatsAppCloudClient.class);
    /** WhatsApp accepts videos up to 16 MB; larger ones go out as a link. */
    public static final long VIDEO_LIMIT_BYTES = 16L * 1024 * 1024;
    /** Text bodies may be at most 4096 characters. */
    public static final int TEXT_LIMIT = 4096;

    public static final int CAPTION_LIMIT = 1024;

    private final WebClient web;
    private final String messagesUrl;
    private final String authorization;

    public WhatsAppCloudClient(
            WebClient web, String baseUrl, String version, String phoneNumberId, String accessToken) {
        this.web = web;
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.messagesUrl = base + "/" + version + "/" + phoneNumberId + "/messages";
        this.authorization = "Bearer " + accessToken;
    }

    public Future<WhatsAppResult> sendText(String to, String text) {
        return send(message(to, "text")
                .put(
                        "text",
                        new JsonObject()
                                .put("preview_url", text.contains("http"))
                                .put("body", text.length() > TEXT_LIMIT ? text.substring(0, TEXT_LIMIT) : text)));
    }

    /** A video by link with a caption; callers check {@link #fitsAsVideo(long)} first. */
    public Future<WhatsAppResult> sendVideo(String to, String link, String caption) {
        JsonObject video = new JsonObject().put("link", link);
        if (caption != null) {
            video.put("caption", caption);
        }
        return send(message(to, "video").put("video", video));
    }

    /** A text with one reply button whose id comes back in an {@code interactive} message. */
    public Future<WhatsAppResult> sendTextWithButton(String to, String text, String buttonId, String buttonTitle) {
        JsonObject button = new JsonObject()
                .put("type", "reply")
                .put("reply", new JsonObject().put("id", buttonId).put("title", buttonTitle));
        return send(message(to, "interactive")
                .put(
                        "interactive",
                        new JsonObject()
                                .put("type", "button")
                                .put(
                                        "body",
                                        new JsonObject()
                                                .put("text", text.length() > 1024 ? text.substring(0, 1024) : text))
                                .put("action", new JsonObject().put("buttons", new JsonArray().add(button)))));
    }

    public static boolean fitsAsVideo(long sizeBytes) {
        return sizeBytes <= VIDEO_LIMIT_BYTES;
    }

    private static JsonObject message(String to, String type) {
        return new JsonObject()
                .put("messaging_product", "whatsapp")
                .put("recipient_type", "individual")
                .put("to", to)
                .put("type", type);
    }

    private Future<WhatsAppResult> send(JsonObject body) {
        return web.postAbs(messagesUrl)
                .putHeader("Authorization", authorization)
                .putHeader("Content-Type", "application/json")
                .sendBuffer(body.toBuffer())
                .map(WhatsAppCloudClient::toResult)
                .onSuccess(result -> {
                    if (!result.isSent()) {
                        LOG.warn("WhatsApp {} message not sent: {}", body.getString("type"), result);
                    }
                });
    }

    static WhatsAppResult toResult(HttpResponse<Buffer> response) {
        JsonObject body;
        try {
            body = response.bodyAsJsonObject();
        } catch (DecodeException | ClassCastException e) {
            body = null;
        }
        int status = response.statusCode();
        if (status / 100 == 2 && body != null) {
            JsonArray messages = body.getJsonArray("messages");
            String id = messages == null || messages.isEmpty()
                    ? null
                    : messages.getJsonObject(0).getString("id");
            return new WhatsAppResult.Sent(id);
        }
        JsonObject error = body == null ? null : body.getJsonObject("error");
        if (error == null) {
            return status == 429
                    ? new WhatsAppResult.RateLimited(429, "HTTP 429")
                    : new WhatsAppResult.Failed(status, 0, "HTTP " + status);
        }
        int code = error.getInteger("code", 0);
        JsonObject data = error.getJsonObject("error_data");
        String details = data != null && data.getString("details") != null
                ? data.getString("details")
                : error.getString("message", "");
        return switch (code) {
            case WhatsAppResult.OUTSIDE_WINDOW -> new WhatsAppResult.OutsideWindow(details);
            case WhatsAppResult.THROUGHPUT_LIMIT, WhatsAppResult.PAIR_RATE_LIMIT ->
                new WhatsAppResult.RateLimited(code, details);
            default ->
                status == 429
                        ? new WhatsAppResult.RateLimited(code, details)
                        : new WhatsAppResult.Failed(status, code, error.getString("message", ""));
        };
    }
}
