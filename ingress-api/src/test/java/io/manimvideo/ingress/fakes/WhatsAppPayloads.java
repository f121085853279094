package io.manimvideo.ingress.fakes;

import io.vertx.core.json.Json;

/** Webhook bodies as the WhatsApp Cloud API sends them, for tests (sign them with {@code WhatsAppSignature}). */
public final class WhatsAppPayloads {
    private WhatsAppPayloads() {}

    /** One message of any type; {@code content} is the type's own field, e.g. {@code "image":{...}}. */
    public static String message(String wamid, String from, String type, String content) {
        return """
        {"from":"%s","id":"%s","timestamp":"1767225600","type":"%s",%s}
        """.formatted(from, wamid, type, content);
    }

    public static String text(String wamid, String from, String body) {
        return message(wamid, from, "text", "\"text\":{\"body\":" + Json.encode(body) + "}");
    }

    /** A notification with one entry whose changes carry these values. */
    public static String webhook(String... changeValues) {
        StringBuilder changes = new StringBuilder();
        for (String value : changeValues) {
            if (changes.length() > 0) {
                changes.append(',');
            }
            changes.append("{\"field\":\"messages\",\"value\":").append(value).append('}');
        }
        return """
        {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[%s]}]}
        """.formatted(changes);
    }

    /** A change value with these messages, from the business number the fake serves. */
    public static String messagesValue(String... messages) {
        return """
        {"messaging_product":"whatsapp",
         "metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},
         "contacts":[{"profile":{"name":"Ada"},"wa_id":"5511987654321"}],
         "messages":[%s]}
        """.formatted(String.join(",", messages));
    }
}
