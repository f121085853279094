package io.manimvideo.ingress.fakes;

import io.vertx.core.json.Json;

/** Updates as the Bot API delivers them to a webhook, for tests. */
public final class TelegramPayloads {
    private TelegramPayloads() {}

    /** A text message in a private chat, from a client set to English. */
    public static String text(long updateId, long chatId, String text) {
        return textIn(updateId, chatId, text, "en");
    }

    /** A text message in a private chat, from a client set to {@code languageCode} (Telegram's language_code). */
    public static String textIn(long updateId, long chatId, String text, String languageCode) {
        return """
        {"update_id":%d,"message":{"message_id":%d,"date":1767225600,
          "from":{"id":%d,"is_bot":false,"first_name":"Ada","language_code":%s},
          "chat":{"id":%d,"type":"private","first_name":"Ada"},"text":%s}}
        """.formatted(updateId, updateId % 100000, chatId, Json.encode(languageCode), chatId, Json.encode(text));
    }

    /** The person blocked the bot (Telegram's {@code my_chat_member} update with status kicked). */
    public static String kicked(long updateId, long chatId) {
        return """
        {"update_id":%d,"my_chat_member":{"chat":{"id":%d,"type":"private"},"from":{"id":%d,"is_bot":false,"first_name":"A"},
          "date":1767225600,"old_chat_member":{"status":"member","user":{"id":1,"is_bot":true,"first_name":"M"}},
          "new_chat_member":{"status":"kicked","until_date":0,"user":{"id":1,"is_bot":true,"first_name":"M"}}}}
        """.formatted(updateId, chatId, chatId);
    }

    /** A photo with a caption in a private chat. */
    public static String photo(long updateId, long chatId, String caption) {
        return """
        {"update_id":%d,"message":{"message_id":%d,"date":1767225600,"from":{"id":%d,"is_bot":false,"first_name":"A"},
          "chat":{"id":%d,"type":"private"},"caption":%s,
          "photo":[{"file_id":"AgAC","file_unique_id":"AQAD","width":90,"height":90}]}}
        """.formatted(updateId, updateId % 100000, chatId, chatId, Json.encode(caption));
    }
}
