package io.manimvideo.ingress.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.manimvideo.api.texts.TextCatalog;
import io.manimvideo.ingress.chat.ChatCommand;
import io.manimvideo.ingress.chat.ChatInput;
import io.manimvideo.ingress.chat.ChatReplies;
import io.manimvideo.ingress.chat.ChatTextInterpreter;
import io.manimvideo.ingress.chat.ChatTexts;
import io.manimvideo.ingress.chat.WebhookJson;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class TelegramUpdateInterpreterTest {
    private static final ChatTexts ENGLISH = new ChatReplies(TextCatalog.load()).in("en");
    private final WebhookJson json = new WebhookJson();
    private final TelegramUpdates updates = new TelegramUpdates(json);
    private final TelegramUpdateInterpreter interpreter =
            new TelegramUpdateInterpreter(new ChatTextInterpreter("ManimVideoBot"));

    static String textMessage(long updateId, long chatId, String text) {
        return """
        {"update_id":%d,"message":{"message_id":11,"date":1767225600,
          "from":{"id":%d,"is_bot":false,"first_name":"Ada","language_code":"pt-br"},
          "chat":{"id":%d,"type":"private","first_name":"Ada"},
          "text":%s,"some_future_field":{"x":1}}}
        """.formatted(updateId, chatId, chatId, io.vertx.core.json.Json.encode(text));
    }

    private TelegramInbound interpret(String json) {
        return interpreter.interpret(read(json));
    }

    private TelegramUpdates.Read read(String body) {
        return updates.read(json.tree(Buffer.buffer(body)));
    }

    @Test
    void textMessageIsAProblemFromThatChat() {
        TelegramInbound inbound = interpret(textMessage(900001, 4242, "prove that sqrt(2) is irrational"));
        assertThat(inbound.updateId()).isEqualTo(900001);
        assertThat(inbound.chatId()).isEqualTo(4242L);
        assertThat(inbound.languageCode()).isEqualTo("pt-br");
        assertThat(inbound.input()).isEqualTo(new ChatInput.Problem("prove that sqrt(2) is irrational"));
    }

    @Test
    void groupCommandWithBotName() {
        String json = """
        {"update_id":5,"message":{"message_id":3,"date":1767225600,
          "from":{"id":1,"is_bot":false,"first_name":"A"},
          "chat":{"id":-100123,"type":"supergroup","title":"Maths"},
          "text":"/status@ManimVideoBot","entities":[{"offset":0,"length":22,"type":"bot_command"}]}}
        """;
        assertThat(interpret(json).input()).isEqualTo(new ChatInput.Command(ChatCommand.STATUS, ""));
        String chatter = json.replace("/status@ManimVideoBot", "did anyone do the integral homework?")
                .replace(",\"entities\":[{\"offset\":0,\"length\":22,\"type\":\"bot_command\"}]", "");
        assertThat(interpret(chatter).input()).isInstanceOf(ChatInput.Ignored.class);
    }

    @Test
    void photoWithoutCaptionAndStickerGetAHowToSendTextReplyInPrivateChats() {
        String photo = """
        {"update_id":6,"message":{"message_id":4,"date":1767225600,"from":{"id":1,"is_bot":false,"first_name":"A"},
          "chat":{"id":1,"type":"private"},
          "photo":[{"file_id":"AgAC","file_unique_id":"AQAD","width":90,"height":90,"file_size":1200}]}}
        """;
        String sticker = """
        {"update_id":7,"message":{"message_id":5,"date":1767225600,"from":{"id":1,"is_bot":false,"first_name":"A"},
          "chat":{"id":1,"type":"private"},
          "sticker":{"file_id":"CAAC","file_unique_id":"AgAD","type":"regular","width":512,"height":512,
                     "is_animated":false,"is_video":false,"emoji":"\\ud83d\\ude00"}}}
        """;
        assertThat(interpret(photo).input())
                .isInstanceOfSatisfying(
                        ChatInput.Rejected.class,
                        r -> assertThat(r.reply().in(ENGLISH))
                                .contains("cannot read photos")
                                .contains("type the maths problem"));
        assertThat(interpret(sticker).input()).isInstanceOf(ChatInput.Rejected.class);
    }

    @Test
    void photoCaptionIsNotAProblemStatement() {
        String photo = """
        {"update_id":8,"message":{"message_id":4,"date":1767225600,"from":{"id":1,"is_bot":false,"first_name":"A"},
          "chat":{"id":1,"type":"private"},"caption":"solve this",
          "photo":[{"file_id":"AgAC","file_unique_id":"AQAD","width":90,"height":90}]}}
        """;
        // the caption refers to the picture, which cannot be read: the person is told how to send text
        assertThat(interpret(photo).input())
                .isInstanceOfSatisfying(
                        ChatInput.Rejected.class,
                        r -> assertThat(r.reply().in(ENGLISH)).contains("caption alone is not a problem"));
    }

    @Test
    void editedMessageIsAnsweredButStartsNothing() {
        String json = """
        {"update_id":9,"edited_message":{"message_id":4,"date":1767225600,"edit_date":1767225700,
          "from":{"id":1,"is_bot":false,"first_name":"A"},"chat":{"id":77,"type":"private"},
          "text":"show why the derivative of x^3 is 3x^2"}}
        """;
        TelegramInbound inbound = interpret(json);
        assertThat(inbound.chatId()).isEqualTo(77L);
        assertThat(inbound.input()).isInstanceOf(ChatInput.Rejected.class);
    }

    @Test
    void retryButtonIsACallbackQueryNamingTheJob() {
        String json = """
        {"update_id":10,"callback_query":{"id":"4382bfdwdsb323b2d9","chat_instance":"-5","data":"retry:tg-900001",
          "from":{"id":77,"is_bot":false,"first_name":"A"},
          "message":{"message_id":12,"date":1767225600,"chat":{"id":77,"type":"private"},"text":"Sorry..."}}}
        """;
        TelegramInbound inbound = interpret(json);
        assertThat(inbound.callbackQueryId()).isEqualTo("4382bfdwdsb323b2d9");
        assertThat(inbound.chatId()).isEqualTo(77L);
        assertThat(inbound.input()).isEqualTo(new ChatInput.Retry("tg-900001"));
    }

    @Test
    void botBlockedByThePersonMakesTheChatUnreachable() {
        String json = """
        {"update_id":11,"my_chat_member":{"chat":{"id":77,"type":"private"},"from":{"id":77,"is_bot":false,"first_name":"A"},
          "date":1767225600,
          "old_chat_member":{"status":"member","user":{"id":7000001,"is_bot":true,"first_name":"Manim"}},
          "new_chat_member":{"status":"kicked","until_date":0,"user":{"id":7000001,"is_bot":true,"first_name":"Manim"}}}}
        """;
        TelegramInbound inbound = interpret(json);
        assertThat(inbound.chatId()).isEqualTo(77L);
        assertThat(inbound.input()).isInstanceOf(ChatInput.Unreachable.class);
    }

    @Test
    void otherUpdateKindsAreIgnored() {
        String json = """
        {"update_id":12,"channel_post":{"message_id":1,"date":1767225600,"chat":{"id":-1001,"type":"channel","title":"c"},
          "text":"hello channel readers"}}
        """;
        assertThat(interpret(json).input()).isInstanceOf(ChatInput.Ignored.class);
    }

    @Test
    void malformedMissingIdAndDeeplyNestedBodiesAreRefused() {
        assertThatThrownBy(() -> read("{\"update_id\":")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> read("{\"message\":{}}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> read("[1,2]")).isInstanceOf(IllegalArgumentException.class);
        String deep = "{\"update_id\":1,\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        assertThatThrownBy(() -> read(deep)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void secretIsComparedExactly() {
        TelegramWebhookSecret secret = new TelegramWebhookSecret("s3cr3t-Token_1");
        assertThat(secret.matches("s3cr3t-Token_1")).isTrue();
        assertThat(secret.matches("s3cr3t-Token_2")).isFalse();
        assertThat(secret.matches("s3cr3t-Token_1 ")).isFalse();
        assertThat(secret.matches("")).isFalse();
        assertThat(secret.matches(null)).isFalse();
    }

    @Test
    void updatesWithoutAChatHaveNoAddressAndDoNotFail() {
        String message = """
        {"update_id":20,"message":{"message_id":1,"date":1767225600,"text":"show that 1+1=2"}}""";
        String edited = """
        {"update_id":21,"edited_message":{"message_id":1,"date":1767225600,"text":"x"}}""";
        String button = """
        {"update_id":22,"callback_query":{"id":"q","chat_instance":"1","data":"retry:tg-1",
          "from":{"id":1,"is_bot":false,"first_name":"A"},"message":{"message_id":1,"date":0}}}""";
        for (String json : new String[] {message, edited, button}) {
            assertThat(interpret(json).chatId()).isNull();
        }
    }

    @Test
    void retryButtonsWithNamesNoJobCanHaveAreAnsweredNotLookedUp() {
        for (String data : new String[] {"retry:../../etc", "retry:\\u0000", "retry:TG-1", "retry:" + "a".repeat(64)}) {
            String json = """
          {"update_id":23,"callback_query":{"id":"q","chat_instance":"1","data":"%s",
            "from":{"id":77,"is_bot":false,"first_name":"A"},
            "message":{"message_id":12,"date":1767225600,"chat":{"id":77,"type":"private"}}}}""".formatted(data);
            assertThat(interpret(json).input())
                    .as(data)
                    .isInstanceOfSatisfying(
                            ChatInput.Rejected.class,
                            r -> assertThat(r.reply().in(ENGLISH)).contains("can no longer be retried"));
        }
    }
}
