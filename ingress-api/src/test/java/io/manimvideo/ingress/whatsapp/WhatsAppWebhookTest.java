package io.manimvideo.ingress.whatsapp;

import static io.manimvideo.ingress.fakes.WhatsAppPayloads.message;
import static io.manimvideo.ingress.fakes.WhatsAppPayloads.messagesValue;
import static io.manimvideo.ingress.fakes.WhatsAppPayloads.text;
import static io.manimvideo.ingress.fakes.WhatsAppPayloads.webhook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.manimvideo.ingress.chat.ChatInput;
import io.manimvideo.ingress.chat.ChatTextInterpreter;
import io.manimvideo.ingress.chat.WebhookJson;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class WhatsAppWebhookTest {
    private final WebhookJson json = new WebhookJson();
    private final WhatsAppWebhookInterpreter interpreter =
            new WhatsAppWebhookInterpreter(new ChatTextInterpreter(null));

    private WhatsAppWebhookInterpreter.Interpretation interpret(String body) {
        return interpreter.interpret(json.read(Buffer.buffer(body), WhatsAppWebhook.class));
    }

    @Test
    void everyTextMessageInEveryChangeIsRead() {
        String body = webhook(
                messagesValue(
                        text("wamid.A", "5511987654321", "show that 1+2+...+n = n(n+1)/2"),
                        text("wamid.B", "5511987654321", "why is e^(i*pi) = -1 ?")),
                messagesValue(text("wamid.C", "4915112345678", "area under y = x^2 from 0 to 1")));
        var result = interpret(body);
        assertThat(result.messages())
                .extracting(WhatsAppInbound::messageId)
                .containsExactly("wamid.A", "wamid.B", "wamid.C");
        assertThat(result.messages().get(2).from()).isEqualTo("4915112345678");
        assertThat(result.messages().get(0).input()).isEqualTo(new ChatInput.Problem("show that 1+2+...+n = n(n+1)/2"));
    }

    @Test
    void imagesAndAudioGetAReplyReactionsDoNot() {
        var result = interpret(webhook(messagesValue(
                message(
                        "wamid.I",
                        "1",
                        "image",
                        "\"image\":{\"id\":\"9\",\"mime_type\":\"image/jpeg\",\"sha256\":\"x\"}"),
                message("wamid.V", "1", "audio", "\"audio\":{\"id\":\"8\",\"mime_type\":\"audio/ogg\"}"),
                message("wamid.R", "1", "reaction", "\"reaction\":{\"message_id\":\"wamid.X\",\"emoji\":\"+\"}"))));
        assertThat(result.messages())
                .extracting(WhatsAppInbound::input)
                .satisfiesExactly(
                        i -> assertThat(i).isInstanceOf(ChatInput.Rejected.class),
                        i -> assertThat(i).isInstanceOf(ChatInput.Rejected.class),
                        i -> assertThat(i).isInstanceOf(ChatInput.Ignored.class));
    }

    @Test
    void retryButtonReplyNamesTheJob() {
        var result = interpret(
                webhook(
                        messagesValue(
                                message(
                                        "wamid.K",
                                        "1",
                                        "interactive",
                                        "\"interactive\":{\"type\":\"button_reply\",\"button_reply\":{\"id\":\"retry:wa-0123\",\"title\":\"Try again\"}}"))));
        assertThat(result.messages().get(0).input()).isEqualTo(new ChatInput.Retry("wa-0123"));
    }

    @Test
    void statusesAreCollectedNotAnswered() {
        String statuses = """
        {"messaging_product":"whatsapp","metadata":{"display_phone_number":"1","phone_number_id":"2"},
         "statuses":[{"id":"wamid.S1","status":"delivered","timestamp":"1767225600","recipient_id":"5511987654321"},
                     {"id":"wamid.S2","status":"failed","timestamp":"1767225601","recipient_id":"5511987654321",
                      "errors":[{"code":131047,"title":"Re-engagement message","message":"Re-engagement message"}]}]}
        """;
        var result = interpret(webhook(statuses));
        assertThat(result.messages()).isEmpty();
        assertThat(result.statuses()).extracting(WhatsAppWebhook.Status::status).containsExactly("delivered", "failed");
        assertThat(result.statuses().get(1).errors().get(0).code()).isEqualTo(131047);
    }

    @Test
    void otherObjectsAndMalformedBodies() {
        assertThat(interpret("{\"object\":\"page\",\"entry\":[]}").messages()).isEmpty();
        assertThatThrownBy(() -> json.read(Buffer.buffer("{\"object\":"), WhatsAppWebhook.class))
                .isInstanceOf(IllegalArgumentException.class);
        String deep = "{\"object\":\"whatsapp_business_account\",\"x\":" + "{\"a\":".repeat(3000) + "1"
                + "}".repeat(3000) + "}";
        assertThatThrownBy(() -> json.read(Buffer.buffer(deep), WhatsAppWebhook.class))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void signatureIsTheHmacOfTheRawBody() {
        WhatsAppSignature signature = new WhatsAppSignature("app-secret");
        Buffer body = Buffer.buffer("{\"object\":\"whatsapp_business_account\",\"entry\":[]}");
        // HMAC-SHA256("app-secret", body), computed independently with openssl
        String expected = "sha256=d3e4f9da0ce6c71ab3dba55929b8eeeee2455349e534924ead19f98d143e904f";
        assertThat(signature.sign(body)).isEqualTo(expected);
        assertThat(signature.matches(expected, body)).isTrue();
        assertThat(signature.matches(expected.toUpperCase().replace("SHA256=", "sha256="), body))
                .isTrue();
        assertThat(signature.matches(expected, Buffer.buffer(body.toString() + " ")))
                .isFalse();
        assertThat(new WhatsAppSignature("other-secret").matches(expected, body))
                .isFalse();
        assertThat(signature.matches("sha256=zz", body)).isFalse();
        assertThat(signature.matches(expected.substring("sha256=".length()), body))
                .isFalse();
        assertThat(signature.matches(null, body)).isFalse();
    }

    @Test
    void verificationEchoesTheChallengeOnlyForTheRightToken() {
        WhatsAppVerification verification = new WhatsAppVerification("verify-me");
        assertThat(verification.challenge("subscribe", "verify-me", "1158201444"))
                .contains("1158201444");
        assertThat(verification.challenge("subscribe", "verify-you", "1158201444"))
                .isEmpty();
        assertThat(verification.challenge("unsubscribe", "verify-me", "1158201444"))
                .isEmpty();
        assertThat(verification.challenge("subscribe", null, "1158201444")).isEmpty();
    }
}
