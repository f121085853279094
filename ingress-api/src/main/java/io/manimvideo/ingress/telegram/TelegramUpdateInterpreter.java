package io.manimvideo.ingress.telegram;

import io.manimvideo.ingress.chat.ChatInput;
import io.manimvideo.ingress.chat.ChatTextInterpreter;
import io.manimvideo.ingress.chat.ChatTexts;
import java.util.Set;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.chatmember.ChatMemberUpdated;
import org.telegram.telegrambots.meta.api.objects.message.MaybeInaccessibleMessage;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/** Decides what an update means. Every kind of update gets an answer here; none is an error. */
public final class TelegramUpdateInterpreter {
    /** Callback data of the retry button: {@code retry:<videojob name>}. */
    public static final String RETRY_PREFIX = "retry:";
    /** The fields of an update acted on here; an update with none of them is acknowledged and ignored. */
    static final Set<String> KINDS_USED = Set.of("message", "edited_message", "callback_query", "my_chat_member");

    private final ChatTextInterpreter text;

    public TelegramUpdateInterpreter(ChatTextInterpreter text) {
        this.text = text;
    }

    public TelegramInbound interpret(TelegramUpdates.Read read) {
        if (!read.readable()) {
            // fields of the wrong shape: nobody can be answered, and an error would only bring it back
            return new TelegramInbound(read.updateId(), null, null, null, new ChatInput.Ignored("unreadable update"));
        }
        return interpret(read.update());
    }

    public TelegramInbound interpret(Update update) {
        long updateId = update.getUpdateId();
        if (update.hasMessage()) {
            Message message = update.getMessage();
            return new TelegramInbound(updateId, chatId(message), language(message.getFrom()), null, message(message));
        }
        if (update.hasEditedMessage()) {
            Message edited = update.getEditedMessage();
            return new TelegramInbound(
                    updateId,
                    chatId(edited),
                    language(edited.getFrom()),
                    null,
                    new ChatInput.Rejected(ChatTexts::editedIgnored));
        }
        if (update.hasCallbackQuery()) {
            CallbackQuery query = update.getCallbackQuery();
            Long chatId = chatId(query.getMessage());
            String data = query.getData() == null ? "" : query.getData();
            ChatInput input = ChatInput.buttonPress(data, RETRY_PREFIX);
            return new TelegramInbound(updateId, chatId, language(query.getFrom()), query.getId(), input);
        }
        if (update.hasMyChatMember()) {
            ChatMemberUpdated member = update.getMyChatMember();
            String status = member.getNewChatMember() == null
                    ? ""
                    : member.getNewChatMember().getStatus();
            ChatInput input = "kicked".equals(status) || "left".equals(status)
                    ? new ChatInput.Unreachable("bot " + status)
                    : new ChatInput.Ignored("bot is now " + status);
            return new TelegramInbound(
                    updateId,
                    member.getChat() == null ? null : member.getChat().getId(),
                    language(member.getFrom()),
                    null,
                    input);
        }
        // channel posts, polls, reactions, inline queries...: acknowledged, nobody expects a video
        return new TelegramInbound(updateId, null, null, null, new ChatInput.Ignored("update type not used"));
    }

    private ChatInput message(Message message) {
        if (message.getFrom() != null && Boolean.TRUE.equals(message.getFrom().getIsBot())) {
            return new ChatInput.Ignored("message from a bot");
        }
        boolean privateChat = message.getChat() != null
                && Boolean.TRUE.equals(message.getChat().isUserChat());
        if (message.hasText()) {
            return privateChat ? text.interpret(message.getText()) : text.interpretInGroup(message.getText());
        }
        // in groups, pictures and service messages (joins, pins) are people talking to each other
        if (!privateChat) {
            return new ChatInput.Ignored("non-text message in a group");
        }
        // a caption ("solve this") refers to the attachment, which we cannot read: it is not a problem statement
        return new ChatInput.Rejected(
                message.hasCaption() || hasAttachment(message) ? ChatTexts::attachmentNotRead : ChatTexts::onlyText);
    }

    private static boolean hasAttachment(Message m) {
        return m.hasPhoto()
                || m.hasDocument()
                || m.hasVoice()
                || m.hasAudio()
                || m.hasVideo()
                || m.hasVideoNote()
                || m.hasAnimation()
                || m.hasSticker();
    }

    /** The chat of a message, or null when the update carries none (malformed or inaccessible message). */
    private static Long chatId(MaybeInaccessibleMessage message) {
        return message == null || message.getChat() == null
                ? null
                : message.getChat().getId();
    }

    private static String language(User user) {
        return user == null ? null : user.getLanguageCode();
    }
}
