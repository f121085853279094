package io.manimvideo.local.e2e;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The offline explainer's sentences in one language, from its catalog
 * ({@code render-image/src/manimrender/explain/texts/<tag>.json}), as patterns a caption or transcript line is
 * checked against: a line the explainer wrote in that language is one of them with its blanks filled in.
 */
final class ExplainerSentences {
    private static final Pattern BLANK = Pattern.compile("\\{[a-z_]+\\}");

    private final String tag;
    private final List<Pattern> sentences;

    private ExplainerSentences(String tag, List<Pattern> sentences) {
        this.tag = tag;
        this.sentences = sentences;
    }

    static ExplainerSentences of(Path projectDir, String tag) throws IOException {
        Path file = projectDir.resolve("render-image/src/manimrender/explain/texts/" + tag + ".json");
        JsonObject catalog = new JsonObject(Files.readString(file));
        List<Pattern> sentences = new ArrayList<>();
        for (String key : catalog.fieldNames()) {
            sentences.add(asPattern(catalog.getString(key)));
        }
        return new ExplainerSentences(tag, sentences);
    }

    /** Whether {@code line} is one of the catalog's sentences, its blanks filled with anything. */
    boolean said(String line) {
        return sentences.stream().anyMatch(p -> p.matcher(line.strip()).matches());
    }

    String tag() {
        return tag;
    }

    private static Pattern asPattern(String sentence) {
        StringBuilder regex = new StringBuilder();
        Matcher blank = BLANK.matcher(sentence);
        int from = 0;
        while (blank.find()) {
            regex.append(Pattern.quote(sentence.substring(from, blank.start()))).append(".+?");
            from = blank.end();
        }
        regex.append(Pattern.quote(sentence.substring(from)));
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
