package io.manimvideo.ingress.whatsapp;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The parts of a WhatsApp Cloud API webhook POST that we read (there is no Java library for it on
 * Maven Central). Unknown fields are ignored so that new ones Meta adds do not lose messages.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WhatsAppWebhook(String object, List<Entry> entry) {

    public List<Entry> entries() {
        return entry == null ? List.of() : entry;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Entry(String id, List<Change> changes) {
        public List<Change> changeList() {
            return changes == null ? List.of() : changes;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Change(String field, Value value) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Value(
            @JsonProperty("messaging_product") String messagingProduct,
            Metadata metadata,
            List<Contact> contacts,
            List<Message> messages,
            List<Status> statuses,
            List<Error> errors) {
        public List<Message> messageList() {
            return messages == null ? List.of() : messages;
        }

        public List<Status> statusList() {
            return statuses == null ? List.of() : statuses;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Metadata(
            @JsonProperty("display_phone_number") String displayPhoneNumber,
            @JsonProperty("phone_number_id") String phoneNumberId) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Contact(@JsonProperty("wa_id") String waId, Profile profile) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Profile(String name) {}

    /** {@code type} is text, image, audio, video, document, sticker, location, contacts, interactive, button, reaction, unsupported... */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Message(
            String id, String from, String timestamp, String type, Text text, Interactive interactive, Button button) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Text(String body) {}

    /** A reply button press: {@code interactive.button_reply.id} is the id we gave the button. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Interactive(
            String type, @JsonProperty("button_reply") ButtonReply buttonReply) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ButtonReply(String id, String title) {}

    /** A template quick-reply button. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Button(String payload, String text) {}

    /** Delivery receipts: sent, delivered, read, failed (with errors). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Status(
            String id,
            String status,
            String timestamp,
            @JsonProperty("recipient_id") String recipientId,
            List<Error> errors) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Error(Integer code, String title, String message) {}
}
