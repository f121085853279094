package io.manimvideo.codegen;

import io.manimvideo.api.AccessibilityNeed;
import io.manimvideo.api.VideoJobSpec;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Builds the conversation sent to the providers from the prompt resources in {@code prompts/}: the system
 * prompt (Manim CE rules, language, duration, accessibility), then the problem, or on a repair attempt
 * the problem with the previous code and its error.
 */
public final class PromptBuilder {
    /** Previous code with more characters than the code limit has more UTF-8 bytes too: it cannot have been valid. */
    static final int MAX_PREVIOUS_CODE_CHARS = VideoJobSpec.CODE_MAX_BYTES;

    private final Template system = Template.load("prompts/system.md");
    private final Template problem = Template.load("prompts/problem.md");
    private final Template repair = Template.load("prompts/repair.md");
    private final Template checkFailed = Template.load("prompts/check_failed.md");
    private final Template resultWrong = Template.load("prompts/result_wrong.md");
    private final Template truncated = Template.load("prompts/truncated.md");
    private final String resultLine = Template.load("prompts/result_line.md").text();
    private final Map<AccessibilityNeed, String> accessibility = new EnumMap<>(AccessibilityNeed.class);

    public PromptBuilder() {
        for (AccessibilityNeed need : AccessibilityNeed.values()) {
            accessibility.put(
                    need, Template.load("prompts/" + need.wireName() + ".md").text());
        }
    }

    /**
     * The opening conversation.
     *
     * @param previousCode the previous attempt's code, or null (first attempt, or it could not be fetched)
     * @param askForResult whether the answer must state its result in a {@code # RESULT:} line (it will be checked)
     */
    public List<ChatMessage> conversation(CodegenSettings settings, String previousCode, boolean askForResult) {
        String accessibilityRules = settings.accessibility().stream()
                .sorted()
                .map(accessibility::get)
                .collect(Collectors.joining());
        String systemPrompt = system.render(Map.of(
                "max_duration",
                Integer.toString(settings.maxDurationSeconds()),
                "language",
                settings.language(),
                "accessibility",
                accessibilityRules,
                "result_line",
                askForResult ? resultLine : ""));
        String request = settings.isRepair()
                ? repair.render(Map.of(
                        "problem", settings.problemText().strip(),
                        "error",
                                settings.previousError() == null
                                        ? "(not reported)"
                                        : settings.previousError().strip(),
                        "previous_code", previousCode == null ? "# (not available)" : shorten(previousCode.strip())))
                : problem.render(Map.of("problem", settings.problemText().strip()));
        return List.of(ChatMessage.system(systemPrompt), ChatMessage.user(request));
    }

    /** The follow-up turn that hands the check's error back to the same provider. */
    public ChatMessage checkFailed(String error) {
        return ChatMessage.user(checkFailed.render(Map.of("error", error)));
    }

    /** The follow-up turn for an answer that was cut off: the whole scene again, shorter. */
    public ChatMessage truncated(String error) {
        return ChatMessage.user(truncated.render(Map.of("error", error)));
    }

    /** The follow-up turn that tells the same provider its stated result is wrong, and what it should be. */
    public ChatMessage resultWrong(String verdict) {
        return ChatMessage.user(resultWrong.render(Map.of("error", verdict)));
    }

    private static String shorten(String code) {
        return code.length() > MAX_PREVIOUS_CODE_CHARS ? code.substring(0, MAX_PREVIOUS_CODE_CHARS) : code;
    }
}
