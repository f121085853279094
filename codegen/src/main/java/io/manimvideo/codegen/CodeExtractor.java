package io.manimvideo.codegen;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes the code out of a model's answer: the fenced Python block (the longest, when there are several),
 * else any fenced block, else the whole answer. Reasoning models' {@code <think>} sections are dropped
 * first, and an answer cut off inside its block still gives the code up to the cut.
 */
public final class CodeExtractor {
    private static final Pattern THINKING = Pattern.compile("(?s)<think>.*?(</think>|$)");
    private static final Pattern FENCE =
            Pattern.compile("(?m)^[ \\t]*(`{3,}|~{3,})[ \\t]*([A-Za-z0-9_+.-]*)[^\\n]*\\n");
    private static final Set<String> PYTHON = Set.of("python", "python3", "py", "py3");

    private record Block(String language, String code) {}

    public String extract(String answer) {
        String text = THINKING.matcher(answer).replaceAll("");
        List<Block> blocks = blocks(text);
        return blocks.stream()
                        .filter(b -> PYTHON.contains(b.language()))
                        .map(Block::code)
                        .reduce((a, b) -> b.length() > a.length() ? b : a)
                        .or(() -> blocks.stream().map(Block::code).findFirst())
                        .orElse(text)
                        .strip()
                + "\n";
    }

    private static List<Block> blocks(String text) {
        List<Block> blocks = new ArrayList<>();
        Matcher open = FENCE.matcher(text);
        int from = 0;
        while (open.find(from)) {
            String fence = open.group(1);
            Matcher close = Pattern.compile("(?m)^[ \\t]*" + Pattern.quote(fence) + "[ \\t]*$")
                    .matcher(text);
            boolean closed = close.find(open.end());
            int end = closed ? close.start() : text.length();
            blocks.add(new Block(open.group(2).toLowerCase(Locale.ROOT), text.substring(open.end(), end)));
            if (!closed) {
                break;
            }
            from = close.end();
        }
        return blocks;
    }
}
