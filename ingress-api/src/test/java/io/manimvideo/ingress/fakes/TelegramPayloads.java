package io.manimvideo.ingress.fakes;

import io.vertx.core.json.Json;

/** Updates as the Bot API delivers them to a webhook, for tests. */
public final class TelegramPayloads {
  private TelegramPayloads() {}

  /** A text message in a private chat. */
  public static String text(long updateId, long chatId, String text) {
    return """
        {"update_id":%d,"message":{"message_id":%d,"date":1767225600,
          "from":{"id":%d,"is_bot":false,"first_name":"Ada","language_code":"en"},
          "chat":{"id":%d,"type":"private","first_name":"Ada"},"text":%s}}
        """.formatted(updateId, updateId % 100000, chatId, chatId, Json.encode(text));
  }
}
