package io.manimvideo.ingress.telegram;

import io.manimvideo.ingress.chat.WebhookJson;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.ActionType;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.send.SendChatAction;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;

/**
 * The Bot API over Vert.x WebClient. Request bodies are the library's method objects; a 429 is retried
 * after its {@code retry_after} (up to {@code maxRetryAfter}), a 5xx after a short pause; the bot token
 * is part of the URL, so URLs are never logged.
 */
public final class TelegramBotClient {
    private static final Logger LOG = LoggerFactory.getLogger(TelegramBotClient.class);
    /** Bot API limits, in UTF-16 units after entity parsing (we send plain text). */
    public static final int TEXT_LIMIT = 4096;

    public static final int CAPTION_LIMIT = 1024;
    private static final int MAX_ATTEMPTS = 3;
    private static final Duration SERVER_ERROR_PAUSE = Duration.ofMillis(500);

    private final Vertx vertx;
    private final WebClient web;
    private final String methodBase;
    private final WebhookJson json;
    private final Duration maxRetryAfter;

    /**
     * @param baseUrl {@code https://api.telegram.org} or a self-hosted Bot API server
     * @param maxRetryAfter longest {@code retry_after} waited for in place; longer ones are returned
     */
    public TelegramBotClient(
            Vertx vertx, WebClient web, String baseUrl, String token, WebhookJson json, Duration maxRetryAfter) {
        this.vertx = vertx;
        this.web = web;
        this.methodBase = stripSlash(baseUrl) + "/bot" + token + "/";
        this.json = json;
        this.maxRetryAfter = maxRetryAfter;
    }

    public Future<TelegramResult> sendMessage(long chatId, String text) {
        return call(
                SendMessage.PATH,
                SendMessage.builder().chatId(chatId).text(text).build());
    }

    /** A message with one button that sends {@code retry:<job>} back as a callback query. */
    public Future<TelegramResult> sendMessageWithRetryButton(
            long chatId, String text, String buttonText, String jobName) {
        InlineKeyboardMarkup keyboard = InlineKeyboardMarkup.builder()
                .keyboard(List.of(new InlineKeyboardRow(InlineKeyboardButton.builder()
                        .text(buttonText)
                        .callbackData(TelegramUpdateInterpreter.RETRY_PREFIX + jobName)
                        .build())))
                .build();
        return call(
                SendMessage.PATH,
                SendMessage.builder()
                        .chatId(chatId)
                        .text(text)
                        .replyMarkup(keyboard)
                        .build());
    }

    public Future<TelegramResult> editMessageText(long chatId, int messageId, String text) {
        return call(
                EditMessageText.PATH,
                EditMessageText.builder()
                        .chatId(chatId)
                        .messageId(messageId)
                        .text(text)
                        .build());
    }

    public Future<TelegramResult> sendChatAction(long chatId, ActionType action) {
        return call(
                SendChatAction.PATH,
                SendChatAction.builder()
                        .chatId(chatId)
                        .action(action.toString())
                        .build());
    }

    public Future<TelegramResult> answerCallbackQuery(String callbackQueryId, String text) {
        return call(
                AnswerCallbackQuery.PATH,
                AnswerCallbackQuery.builder()
                        .callbackQueryId(callbackQueryId)
                        .text(text)
                        .build());
    }

    /**
     * Sends a video by URL up to 20 MB (Telegram fetches it), uploads it as multipart up to 50 MB
     * (downloaded from the presigned URL first), and answers {@link TelegramResult.TooLarge} beyond that.
     */
    public Future<TelegramResult> sendVideo(long chatId, TelegramVideo video) {
        if (video.sizeBytes() > TelegramVideo.UPLOAD_LIMIT_BYTES) {
            return Future.succeededFuture(new TelegramResult.TooLarge(video.sizeBytes()));
        }
        if (video.sizeBytes() <= TelegramVideo.URL_LIMIT_BYTES) {
            // SendVideo's InputFile is built for uploads; by URL the field is a plain string
            JsonObject body = new JsonObject()
                    .put("chat_id", chatId)
                    .put("video", video.url())
                    .put("supports_streaming", true);
            if (video.caption() != null) {
                body.put("caption", video.caption());
            }
            return withRetries("sendVideo", () -> post("sendVideo").sendBuffer(body.toBuffer()));
        }
        return web.getAbs(video.url()).send().compose(download -> {
            if (download.statusCode() != 200) {
                return Future.failedFuture("video download answered HTTP " + download.statusCode());
            }
            MultipartForm form = MultipartForm.create()
                    .attribute("chat_id", Long.toString(chatId))
                    .attribute("supports_streaming", "true")
                    .binaryFileUpload("video", video.fileName(), download.body(), video.contentType());
            if (video.caption() != null) {
                form.attribute("caption", video.caption());
            }
            return withRetries(
                    "sendVideo", () -> web.postAbs(methodBase + "sendVideo").sendMultipartForm(form));
        });
    }

    /**
     * Long polling: the updates from {@code offset} on (confirming those before it), waiting up to
     * {@code timeout} at Telegram for one to arrive. Fails on transport errors and error answers.
     */
    public Future<JsonArray> getUpdates(long offset, Duration timeout) {
        JsonObject body = new JsonObject()
                .put("offset", offset)
                .put("timeout", timeout.toSeconds())
                .put(
                        "allowed_updates",
                        new JsonArray(List.of("message", "edited_message", "callback_query", "my_chat_member")));
        return post("getUpdates")
                .timeout(timeout.plusSeconds(15).toMillis())
                .sendBuffer(body.toBuffer())
                .compose(response -> {
                    JsonObject answer;
                    try {
                        answer = response.bodyAsJsonObject();
                    } catch (DecodeException | ClassCastException e) {
                        answer = null;
                    }
                    if (answer != null
                            && Boolean.TRUE.equals(answer.getBoolean("ok"))
                            && answer.getValue("result") instanceof JsonArray updates) {
                        return Future.succeededFuture(updates);
                    }
                    return Future.failedFuture("getUpdates answered HTTP " + response.statusCode()
                            + (answer == null ? "" : " " + answer.getString("description", "")));
                });
    }

    /** Removes the webhook (long polling is refused while one is set); pending updates are kept. */
    public Future<TelegramResult> deleteWebhook() {
        return withRetries(
                "deleteWebhook",
                () -> post("deleteWebhook")
                        .sendBuffer(new JsonObject()
                                .put("drop_pending_updates", false)
                                .toBuffer()));
    }

    private Future<TelegramResult> call(String method, Object body) {
        Buffer buffer = json.write(body);
        return withRetries(method, () -> post(method).sendBuffer(buffer));
    }

    private io.vertx.ext.web.client.HttpRequest<Buffer> post(String method) {
        return web.postAbs(methodBase + method).putHeader("Content-Type", "application/json");
    }

    private Future<TelegramResult> withRetries(String method, Supplier<Future<HttpResponse<Buffer>>> send) {
        return attempt(method, send, 1);
    }

    private Future<TelegramResult> attempt(String method, Supplier<Future<HttpResponse<Buffer>>> send, int n) {
        return send.get().compose(response -> {
            TelegramResult result = toResult(response);
            if (n < MAX_ATTEMPTS
                    && result instanceof TelegramResult.RateLimited limited
                    && limited.retryAfterSeconds() <= maxRetryAfter.toSeconds()) {
                LOG.info("Bot API {} rate limited; retrying in {} s", method, limited.retryAfterSeconds());
                return vertx.timer(Math.max(1, limited.retryAfterSeconds()) * 1000L)
                        .compose(v -> attempt(method, send, n + 1));
            }
            if (n < MAX_ATTEMPTS && result instanceof TelegramResult.Failed failed && failed.errorCode() >= 500) {
                return vertx.timer(SERVER_ERROR_PAUSE.toMillis() * n).compose(v -> attempt(method, send, n + 1));
            }
            if (!result.isSent()) {
                LOG.warn("Bot API {} answered {}", method, result);
            }
            return Future.succeededFuture(result);
        });
    }

    static TelegramResult toResult(HttpResponse<Buffer> response) {
        JsonObject body;
        try {
            body = response.bodyAsJsonObject();
        } catch (DecodeException | ClassCastException e) {
            body = null;
        }
        if (body == null) {
            return new TelegramResult.Failed(response.statusCode(), "HTTP " + response.statusCode());
        }
        if (Boolean.TRUE.equals(body.getBoolean("ok"))) {
            Object result = body.getValue("result");
            return new TelegramResult.Sent(
                    result instanceof JsonObject message ? message.getInteger("message_id") : null);
        }
        int code = body.getInteger("error_code", response.statusCode());
        String description = body.getString("description", "");
        JsonObject parameters = body.getJsonObject("parameters");
        if (code == 429) {
            int retryAfter = parameters == null ? 1 : parameters.getInteger("retry_after", 1);
            return new TelegramResult.RateLimited(retryAfter);
        }
        if (code == 403) {
            return new TelegramResult.Blocked(description);
        }
        return new TelegramResult.Failed(code, description);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
