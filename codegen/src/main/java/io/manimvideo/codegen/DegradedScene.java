package io.manimvideo.codegen;

import io.manimvideo.api.AccessibilityNeed;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;

/**
 * The scene written when no provider could: it shows the problem as the person wrote it and says, in
 * their language, that the AI was unavailable, or, when no AI is configured at all (trying again would fail
 * the same way), what the offline explainer can do instead, with two examples. The person's text only ever becomes an escaped Python
 * string shown with {@code Text}, so it can neither change the code nor reach TeX.
 */
public final class DegradedScene {
    static final int LINE_CHARS = 40;
    static final int MAX_PROBLEM_LINES = 10;
    /** Seconds of animation before the final wait (1 + 1.5 + 1 in the template). */
    private static final double ANIMATION_SECONDS = 3.5;

    private static final int LONGEST_WAIT = 6;
    /** The offline notice names what the explainer does and two examples, so it is given more lines. */
    static final int NOTICE_LINES = 4;

    static final int OFFLINE_NOTICE_LINES = 8;

    private final Template template = Template.load("degraded_scene.py");

    public String write(CodegenSettings settings) {
        ResourceBundle texts = ResourceBundle.getBundle(
                "io.manimvideo.codegen.degraded_scene",
                Locale.forLanguageTag(settings.language()),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        boolean large = settings.accessibility().contains(AccessibilityNeed.LARGE_TEXT);
        int wait = (int) Math.max(1, Math.min(LONGEST_WAIT, settings.maxDurationSeconds() - ANIMATION_SECONDS));
        boolean noAi = settings.providers().isEmpty();
        String notice = texts.getString(noAi ? "notice_offline" : "notice");
        return template.render(Map.of(
                "heading", PythonLiteral.string(texts.getString("heading")),
                "problem_lines",
                        PythonLiteral.list(wrap(displayable(settings.problemText()), LINE_CHARS, MAX_PROBLEM_LINES)),
                "notice_lines",
                        PythonLiteral.list(wrap(notice, LINE_CHARS + 10, noAi ? OFFLINE_NOTICE_LINES : NOTICE_LINES)),
                "heading_font_size", large ? "56" : "44",
                "problem_font_size", large ? "40" : "32",
                "notice_font_size", large ? "30" : "24",
                "wait_seconds", Integer.toString(wait)));
    }

    /**
     * The text with what the render image's policy refuses in any string literal (TeX commands such as
     * {@code \input}, {@code ^^}, {@code __dunder__} names) made harmless, so the fallback always passes the
     * check: a backslash is shown as the look-alike U+2216, doubled carets and underscores are spaced.
     */
    static String displayable(String text) {
        String shown = text.replace('\\', '\u2216');
        while (shown.contains("^^") || shown.contains("__")) {
            shown = shown.replace("^^", "^ ^").replace("__", "_ _");
        }
        return shown;
    }

    /**
     * Breaks text into lines of at most {@code width} characters at spaces (inside over-long words, or in
     * scripts without spaces, anywhere), keeping the person's own line breaks; past {@code maxLines} the
     * last line ends with an ellipsis.
     */
    static List<String> wrap(String text, int width, int maxLines) {
        List<String> lines = new ArrayList<>();
        for (String paragraph : text.replaceAll("[\\p{Cntrl}&&[^\\n]]", " ").split("\n")) {
            StringBuilder line = new StringBuilder();
            for (String word : paragraph.trim().split("\\s+")) {
                while (word.codePointCount(0, word.length()) > width) {
                    flush(line, lines);
                    int cut = word.offsetByCodePoints(0, width);
                    lines.add(word.substring(0, cut));
                    word = word.substring(cut);
                }
                if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                    flush(line, lines);
                }
                line.append(line.length() > 0 ? " " : "").append(word);
            }
            flush(line, lines);
        }
        if (lines.size() > maxLines) {
            List<String> kept = new ArrayList<>(lines.subList(0, maxLines));
            kept.set(maxLines - 1, kept.get(maxLines - 1) + " …");
            return kept;
        }
        return lines;
    }

    private static void flush(StringBuilder line, List<String> lines) {
        if (!line.toString().isBlank()) {
            lines.add(line.toString());
        }
        line.setLength(0);
    }
}
