package io.manimvideo.ingress.texts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.ibm.icu.text.MessagePattern;
import io.manimvideo.api.ErrorInfo;
import io.manimvideo.api.FailureReason;
import io.manimvideo.api.Phase;
import io.manimvideo.api.texts.FailureTexts;
import io.manimvideo.api.texts.Language;
import io.manimvideo.api.texts.TextCatalog;
import io.manimvideo.ingress.http.ProblemTitles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The catalog is complete and consistent, checked at build time: every key in every language, no key that no code
 * says, the same placeholders in every language, and every pattern formats. Keys are found as literals in the main
 * code of the ingress, the operator and the API module; families made from an enum (progress per phase, failure per
 * reason, problem titles per status) are taken from the enum.
 */
@Tag("unit")
class TextCatalogTest {
    private static final TextCatalog CATALOG = TextCatalog.load();
    private static final Set<String> ENGLISH = CATALOG.patterns(Language.EN).keySet();
    private static final Pattern KEY_LITERAL = Pattern.compile(
            "[\"']((?:chat|progress|submission|failure|operator|description|problem|page)\\.[A-Za-z0-9_.]+)[\"']");
    /** The page's English fallback in app.js: {@code 'page.key': 'text',}. */
    private static final Pattern PAGE_FALLBACK =
            Pattern.compile("^\\s*'(page\\.[A-Za-z0-9_.]+)': '(.*)',?$", Pattern.MULTILINE);

    private static final Path WEBROOT = Path.of("src/main/resources/webroot");
    private static final List<Path> SOURCES = List.of(
            Path.of("src/main/java"), Path.of("../operator/src/main/java"), Path.of("../crds/src/main/java"), WEBROOT);

    @Test
    void everyLanguageHasExactlyTheEnglishKeys() {
        SoftAssertions softly = new SoftAssertions();
        for (Language language : Language.values()) {
            Set<String> keys = CATALOG.patterns(language).keySet();
            softly.assertThat(new TreeSet<>(ENGLISH))
                    .as("keys missing in %s", TextCatalog.fileName(language))
                    .isSubsetOf(keys);
            softly.assertThat(new TreeSet<>(keys))
                    .as("keys in %s that English does not have", TextCatalog.fileName(language))
                    .isSubsetOf(ENGLISH);
        }
        softly.assertAll();
    }

    @Test
    void everyLanguageUsesTheSamePlaceholders() {
        SoftAssertions softly = new SoftAssertions();
        for (String key : ENGLISH) {
            Set<String> english = placeholders(CATALOG.patterns(Language.EN).get(key));
            for (Language language : Language.values()) {
                String pattern = CATALOG.patterns(language).get(key);
                if (pattern != null) {
                    softly.assertThat(placeholders(pattern))
                            .as("placeholders of %s in %s", key, language.tag())
                            .isEqualTo(english);
                }
            }
        }
        softly.assertAll();
    }

    @Test
    void everyPatternFormatsWithSampleArguments() {
        for (Language language : Language.values()) {
            Map<String, String> patterns = CATALOG.patterns(language);
            for (String key : patterns.keySet()) {
                Map<String, Object> args = new HashMap<>();
                placeholders(patterns.get(key)).forEach(name -> args.put(name, sample(name)));
                assertThatCode(() -> CATALOG.in(language).say(key, args))
                        .as("%s in %s", key, language.tag())
                        .doesNotThrowAnyException();
            }
        }
    }

    @Test
    void everyKeyIsUsedAndEveryUsedKeyExists() {
        Set<String> used = new TreeSet<>(literalKeys());
        Arrays.stream(Phase.values()).forEach(p -> used.add("progress." + p.wireName()));
        Arrays.stream(Phase.values()).forEach(p -> used.add("page.phase." + p.wireName()));
        Arrays.stream(FailureReason.values()).forEach(r -> used.add(FailureTexts.key(r)));
        used.addAll(ProblemTitles.keys());
        used.add("problem.title.500");
        assertThat(new TreeSet<>(ENGLISH)).as("keys no code says").isSubsetOf(used);
        assertThat(used).as("keys the code says that the catalog lacks").isSubsetOf(ENGLISH);
    }

    @Test
    void thePagesEnglishFallbackIsTheCatalogsEnglish() {
        Matcher m = PAGE_FALLBACK.matcher(read(WEBROOT.resolve("app.js")));
        int found = 0;
        while (m.find()) {
            assertThat(CATALOG.patterns(Language.EN).get(m.group(1)))
                    .as(m.group(1))
                    .isEqualTo(m.group(2));
            found++;
        }
        assertThat(found).isGreaterThan(20);
    }

    @Test
    void theTwoLanguagesOfTheIssueAreSpokenAndArabicIsRightToLeft() {
        assertThat(Language.of("es-MX")).isEqualTo(Language.ES);
        assertThat(Language.of("pt-br")).isEqualTo(Language.PT_BR);
        assertThat(Language.of("ar")).isEqualTo(Language.AR);
        assertThat(Language.AR.rightToLeft()).isTrue();
        assertThat(Language.of("ja")).isEqualTo(Language.EN);
        assertThat(CATALOG.in(Language.AR).say("chat.rateLimited", "minutes", 2))
                .contains("دقيقتين");
        assertThat(CATALOG.in(Language.EN).say("chat.rateLimited", "minutes", 1))
                .endsWith("1 minute.");
    }

    @Test
    void anArabicSentenceKeepsTheTextItQuotesInOnePieceLeftToRight() {
        // without the isolate the bidi algorithm turns "(x + 1)^2 = 4" in an Arabic sentence into ")x + 1(^2 = 4"
        String maths = "(x + 1)^2 = 4";
        assertThat(CATALOG.in(Language.AR).say("chat.status", "preview", maths, "state", "جاهز"))
                .isEqualTo("أحدث فيديو لك («\u2068" + maths + "\u2069»): \u2068جاهز\u2069");
        // a select's keyword is not text: isolated, it would match no case but other
        assertThat(CATALOG.in(Language.AR).say("chat.voiceHow", "state", "on"))
                .isNotEqualTo(CATALOG.in(Language.AR).say("chat.voiceHow", "state", "off"));
        assertThat(CATALOG.in(Language.AR).say("failure.RenderError", "line", 0, "hasDetail", "yes", "detail", "x"))
                .contains("\u2068x\u2069");
        // numbers are the plural rules' to place; left-to-right languages are left as they are
        assertThat(CATALOG.in(Language.AR).say("chat.rateLimited", "minutes", 2))
                .doesNotContain("\u2068");
        assertThat(CATALOG.in(Language.ES).say("chat.status", "preview", maths, "state", "listo"))
                .isEqualTo("Tu último vídeo («" + maths + "»): listo");
    }

    @Test
    void aStepThatCouldNotStoreItsWorkIsSaidInOneSentenceNamingWhatWasNotStored() {
        for (Language language : Language.values()) {
            var texts = CATALOG.in(language);
            String code = texts.say(FailureTexts.of(notStored("codegen")));
            String video = texts.say(FailureTexts.of(notStored("render")));
            String part = texts.say(FailureTexts.of(notStored("parts")));
            assertThat(Set.of(code, video, part))
                    .as("the code, the video and a part in %s", language.tag())
                    .hasSize(3)
                    .noneMatch(said -> said.contains("could not be stored") && language != Language.EN)
                    .noneMatch(said -> said.contains("PUT failed"));
            assertThat(texts.say(FailureTexts.of(notStored("join")))).isEqualTo(video);
        }
        assertThat(CATALOG.in(Language.EN).say(FailureTexts.of(notStored("codegen"))))
                .isEqualTo("The generated code could not be stored.");
    }

    /** An upload error as the operator records it: the reason, the step, and the step's own words (not said). */
    private static ErrorInfo notStored(String step) {
        return ErrorInfo.of(FailureReason.UPLOAD_ERROR, 1).withName(step).withDetail("PUT failed: 503");
    }

    private static Set<String> literalKeys() {
        Set<String> keys = new TreeSet<>();
        SOURCES.forEach(root -> {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(f -> f.toString().endsWith(".java")
                                || f.toString().endsWith(".js")
                                || f.toString().endsWith(".html"))
                        .forEach(f -> {
                            Matcher m = KEY_LITERAL.matcher(read(f));
                            while (m.find()) {
                                keys.add(m.group(1));
                            }
                        });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        // prefixes completed in code ("progress." + phase): families checked above
        keys.removeIf(key -> key.endsWith("."));
        return keys;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every argument name in a pattern, nested ones (inside plural and select) included. */
    static Set<String> placeholders(String pattern) {
        MessagePattern parsed = new MessagePattern(pattern);
        Set<String> names = new TreeSet<>();
        for (int i = 0; i < parsed.countParts(); i++) {
            MessagePattern.Part part = parsed.getPart(i);
            if (part.getType() == MessagePattern.Part.Type.ARG_NAME) {
                names.add(parsed.getSubstring(part));
            }
        }
        return names;
    }

    private static Object sample(String name) {
        return switch (name) {
            case "hasDetail" -> "yes";
            case "options" -> "both";
            case "line",
                    "column",
                    "minutes",
                    "seconds",
                    "limit",
                    "limitMinutes",
                    "attempts",
                    "count",
                    "chars",
                    "position",
                    "percent",
                    "min",
                    "max",
                    "maxKb",
                    "kb",
                    "levels",
                    "height",
                    "attempt",
                    "more" -> 3;
            default -> "x";
        };
    }
}
