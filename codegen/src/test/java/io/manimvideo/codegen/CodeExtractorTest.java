package io.manimvideo.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class CodeExtractorTest {
    private final CodeExtractor extractor = new CodeExtractor();

    @Test
    void takesThePythonBlockAndDropsTheProseAroundIt() {
        String answer = "Sure! Here is the scene.\n\n```python\nfrom manim import *\n\nclass A(Scene):\n"
                + "    pass\n```\n\nRender it with `manim -pql`.";
        assertThat(extractor.extract(answer)).isEqualTo("from manim import *\n\nclass A(Scene):\n    pass\n");
    }

    @Test
    void prefersThePythonBlockOverOtherBlocks() {
        String answer = "Run:\n```bash\nmanim -pql scene.py A\n```\nCode:\n```py\nclass A(Scene):\n    pass\n```\n";
        assertThat(extractor.extract(answer)).isEqualTo("class A(Scene):\n    pass\n");
    }

    @Test
    void takesTheLongestOfSeveralPythonBlocks() {
        String answer = "```python\nx = 1\n```\nand the scene:\n```python\nclass A(Scene):\n    pass\n```";
        assertThat(extractor.extract(answer)).isEqualTo("class A(Scene):\n    pass\n");
    }

    @Test
    void takesAnUnlabelledBlockWhenThereIsNoPythonOne() {
        assertThat(extractor.extract("```\nclass A(Scene):\n    pass\n```")).isEqualTo("class A(Scene):\n    pass\n");
    }

    @Test
    void takesTheWholeAnswerWhenItIsNotFenced() {
        assertThat(extractor.extract("\nclass A(Scene):\n    pass\n\n")).isEqualTo("class A(Scene):\n    pass\n");
    }

    @Test
    void keepsTheCodeOfAnAnswerCutOffInsideItsBlock() {
        assertThat(extractor.extract("```python\nclass A(Scene):\n    def construct(self):\n        self.wa"))
                .isEqualTo("class A(Scene):\n    def construct(self):\n        self.wa\n");
    }

    @Test
    void dropsTheReasoningOfThinkingModels() {
        String answer = "<think>\nMaybe ```python\nwrong()\n``` first?\n</think>\n```python\nclass A(Scene):\n"
                + "    pass\n```";
        assertThat(extractor.extract(answer)).isEqualTo("class A(Scene):\n    pass\n");
    }

    @Test
    void acceptsTildeFencesAndIndentedFences() {
        assertThat(extractor.extract("~~~python\nclass A(Scene):\n    pass\n~~~"))
                .isEqualTo("class A(Scene):\n    pass\n");
        assertThat(extractor.extract("  ```python\nclass A(Scene):\n    pass\n  ```"))
                .isEqualTo("class A(Scene):\n    pass\n");
    }
}
