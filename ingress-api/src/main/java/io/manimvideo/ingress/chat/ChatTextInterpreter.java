package io.manimvideo.ingress.chat;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells what the text of a chat message is: a command, Manim code (after {@code /code}, or plainly code),
 * or a problem in words. The data model's limits (lengths, the direct-code flag) are checked where every
 * submission is checked ({@code SubmissionRules}), so the bots and the web API say the same.
 */
public final class ChatTextInterpreter {
    /** {@code /word}, optionally {@code @BotName}, then the rest of the message. */
    private static final Pattern COMMAND =
            Pattern.compile("^/([A-Za-z_]{1,32})(?:@([A-Za-z0-9_]{1,64}))?(?:\\s+(.*))?$", Pattern.DOTALL);

    private static final Pattern SCENE_CLASS = Pattern.compile("class\\s+\\w+\\s*\\(\\s*[\\w.]*Scene\\s*\\)\\s*:");
    private static final Pattern MANIM_IMPORT =
            Pattern.compile("^\\s*(from\\s+manim(\\.\\w+)*\\s+import|import\\s+manim\\b)", Pattern.MULTILINE);

    private final String botUsername;

    /** @param botUsername the bot's own user name for {@code /cmd@BotName}; null accepts any name. */
    public ChatTextInterpreter(String botUsername) {
        this.botUsername = botUsername;
    }

    public ChatInput interpret(String rawText) {
        String text = rawText == null ? "" : rawText.strip();
        Matcher command = COMMAND.matcher(text);
        if (command.matches()) {
            String addressee = command.group(2);
            if (addressee != null && botUsername != null && !addressee.equalsIgnoreCase(botUsername)) {
                return new ChatInput.Ignored("command for another bot");
            }
            String word = command.group(1).toLowerCase(Locale.ROOT);
            String argument = command.group(3) == null ? "" : command.group(3).strip();
            if (word.equals("code")) {
                return argument.isEmpty()
                        ? new ChatInput.Rejected(ChatTexts::codeMissing)
                        : new ChatInput.Code(argument);
            }
            return ChatCommand.fromWord(word)
                    .<ChatInput>map(c -> new ChatInput.Command(c, argument))
                    .orElseGet(() -> new ChatInput.Rejected(texts -> texts.unknownCommand(word)));
        }
        return looksLikeManimCode(text) ? new ChatInput.Code(text) : new ChatInput.Problem(text);
    }

    /**
     * In a group chat people talk to each other: only commands and messages that mention the bot
     * ({@code @BotName}) are for it.
     */
    public ChatInput interpretInGroup(String rawText) {
        String text = rawText == null ? "" : rawText.strip();
        if (text.startsWith("/")) {
            return interpret(text);
        }
        if (botUsername == null) {
            return new ChatInput.Ignored("group message, bot name unknown");
        }
        Matcher mention = Pattern.compile("@" + Pattern.quote(botUsername) + "\\b", Pattern.CASE_INSENSITIVE)
                .matcher(text);
        return mention.find()
                ? interpret(mention.replaceAll(" ").strip())
                : new ChatInput.Ignored("group message not addressed to the bot");
    }

    /** Plainly Manim code: a manim import, or a Scene subclass with a construct method. */
    static boolean looksLikeManimCode(String text) {
        return MANIM_IMPORT.matcher(text).find()
                || (SCENE_CLASS.matcher(text).find() && text.contains("def construct"));
    }
}
