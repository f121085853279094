package io.manimvideo.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DegradedSceneTest {
    @TempDir
    Path temp;

    @Test
    void pythonReadsBackExactlyTheTextThatWasWritten() throws Exception {
        List<String> texts = List.of(
                "plain",
                "quote \" and ''' and \"\"\"",
                "back\\slash \\n not a newline",
                "nul \0 bell \u0007 del \u007f",
                "latin ü ß é",
                "cjk 数学",
                "emoji 🧮",
                "lone \ud800 surrogate");
        String code = "VALUES = " + PythonLiteral.list(texts) + "\n";

        assertThat(code.chars().allMatch(c -> c < 0x80)).isTrue();
        Object read = PythonLiterals.read(code, temp).get("VALUES");
        assertThat(read)
                .isEqualTo(List.of(
                        "plain",
                        "quote \" and ''' and \"\"\"",
                        "back\\slash \\n not a newline",
                        "nul \0 bell \u0007 del \u007f",
                        "latin ü ß é",
                        "cjk 数学",
                        "emoji 🧮",
                        "lone \ufffd surrogate"));
    }

    @Test
    void wrapsAtSpacesKeepingTheWritersLineBreaks() {
        assertThat(DegradedScene.wrap("the quick brown fox jumps over the lazy dog\nsecond line", 15, 10))
                .containsExactly("the quick brown", "fox jumps over", "the lazy dog", "second line");
    }

    @Test
    void breaksWordsLongerThanALineAndScriptsWithoutSpaces() {
        assertThat(DegradedScene.wrap("abcdefghij klm", 4, 10)).containsExactly("abcd", "efgh", "ij", "klm");
        assertThat(DegradedScene.wrap("求函数的导数并画出它的图像", 5, 10)).containsExactly("求函数的导", "数并画出它", "的图像");
    }

    @Test
    void cutsOverlongTextWithAnEllipsis() {
        List<String> lines = DegradedScene.wrap("a b c d e f", 1, 3);
        assertThat(lines).containsExactly("a", "b", "c …");
    }

    @Test
    void followsLanguageSizeAndDurationWishes() throws Exception {
        CodegenSettings settings = CodegenSettings.fromEnvironment(Map.of(
                "CODEGEN_PROBLEM_TEXT", "Résous x² = 4",
                "CODEGEN_CODE_PUT_URL", "http://127.0.0.1:9/put",
                "CODEGEN_LANGUAGE", "fr-CA",
                "CODEGEN_ACCESSIBILITY", "large_text",
                "CODEGEN_MAX_DURATION_SECONDS", "6"));

        String code = new DegradedScene().write(settings);
        Map<String, Object> values = PythonLiterals.read(code, temp);

        assertThat(values.get("HEADING")).isEqualTo("Ton problème");
        assertThat(values.get("PROBLEM_LINES")).isEqualTo(List.of("Résous x² = 4"));
        assertThat(code).contains("font_size=40").contains("self.wait(2)");
    }

    @Test
    @SuppressWarnings("unchecked")
    void withoutAnyAiConfiguredTheCardSaysWhatTheExplainerCanDoInsteadOfTryAgain() throws Exception {
        CodegenSettings settings = CodegenSettings.fromEnvironment(Map.of(
                "CODEGEN_PROBLEM_TEXT", "prove the Pythagorean theorem",
                "CODEGEN_CODE_PUT_URL", "http://127.0.0.1:9/put"));

        assertThat(settings.providers()).isEmpty();
        String notice = String.join(" ", (List<String>)
                PythonLiterals.read(new DegradedScene().write(settings), temp).get("NOTICE_LINES"));
        assertThat(notice).doesNotContain("try again").contains("derivatives").contains("integrate x^2 from 0 to 2");
    }

    @Test
    void unknownLanguagesGetEnglish() throws Exception {
        CodegenSettings settings = CodegenSettings.fromEnvironment(Map.of(
                "CODEGEN_PROBLEM_TEXT",
                "x",
                "CODEGEN_CODE_PUT_URL",
                "http://127.0.0.1:9/put",
                "CODEGEN_LANGUAGE",
                "sw"));

        assertThat(PythonLiterals.read(new DegradedScene().write(settings), temp)
                        .get("HEADING"))
                .isEqualTo("Your problem");
    }
}
