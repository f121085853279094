package io.manimvideo.ingress.telegram;

import io.manimvideo.ingress.chat.ChatInput;
import io.manimvideo.ingress.chat.ChatReplies;
import io.manimvideo.ingress.chat.ChatTextInterpreter;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.chatmember.ChatMemberUpdated;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/** Decides what an update means. Every kind of update gets an answer here; none is an error. */
public final class TelegramUpdateInterpreter {
  /** Callback data of the retry button: {@code retry:<videojob name>}. */
  public static final String RETRY_PREFIX = "retry:";

  private final ChatTextInterpreter text;
  private final ChatReplies replies;

  public TelegramUpdateInterpreter(ChatTextInterpreter text, ChatReplies replies) {
    this.text = text;
    this.replies = replies;
  }

  public TelegramInbound interpret(Update update) {
    long updateId = update.getUpdateId();
    if (update.hasMessage()) {
      Message message = update.getMessage();
      return new TelegramInbound(updateId, message.getChatId(), language(message.getFrom()), null,
          message(message));
    }
    if (update.hasEditedMessage()) {
      Message edited = update.getEditedMessage();
      return new TelegramInbound(updateId, edited.getChatId(), language(edited.getFrom()), null,
          new ChatInput.Rejected(replies.editedIgnored()));
    }
    if (update.hasCallbackQuery()) {
      CallbackQuery query = update.getCallbackQuery();
      Long chatId = query.getMessage() == null ? null : query.getMessage().getChatId();
      String data = query.getData() == null ? "" : query.getData();
      ChatInput input = data.startsWith(RETRY_PREFIX) && data.length() > RETRY_PREFIX.length()
          ? new ChatInput.Retry(data.substring(RETRY_PREFIX.length()))
          : new ChatInput.Ignored("unknown button");
      return new TelegramInbound(updateId, chatId, language(query.getFrom()), query.getId(), input);
    }
    if (update.hasMyChatMember()) {
      ChatMemberUpdated member = update.getMyChatMember();
      String status = member.getNewChatMember() == null ? "" : member.getNewChatMember().getStatus();
      ChatInput input = "kicked".equals(status) || "left".equals(status)
          ? new ChatInput.Unreachable("bot " + status)
          : new ChatInput.Ignored("bot is now " + status);
      return new TelegramInbound(updateId, member.getChat() == null ? null : member.getChat().getId(),
          language(member.getFrom()), null, input);
    }
    // channel posts, polls, reactions, inline queries...: acknowledged, nobody expects a video
    return new TelegramInbound(updateId, null, null, null, new ChatInput.Ignored("update type not used"));
  }

  private ChatInput message(Message message) {
    if (message.getFrom() != null && Boolean.TRUE.equals(message.getFrom().getIsBot())) {
      return new ChatInput.Ignored("message from a bot");
    }
    String words = message.hasText() ? message.getText()
        // a photo with a caption: the caption may well be the problem; the picture we cannot read
        : message.hasCaption() ? message.getCaption() : null;
    if (words != null) {
      return message.isUserMessage() ? text.interpret(words) : text.interpretInGroup(words);
    }
    // in groups, pictures and service messages (joins, pins) are people talking to each other
    return message.isUserMessage()
        ? new ChatInput.Rejected(replies.onlyText())
        : new ChatInput.Ignored("non-text message in a group");
  }

  private static String language(User user) {
    return user == null ? null : user.getLanguageCode();
  }
}
