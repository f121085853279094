package io.manimvideo.ingress.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.manimvideo.api.texts.TextCatalog;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ChatTextInterpreterTest {
    private static final ChatTexts ENGLISH = new ChatReplies(TextCatalog.load()).in("en");
    private static final String SCENE = """
      from manim import *

      class Derivative(Scene):
          def construct(self):
              self.play(Write(MathTex("x^2")))
      """;

    private final ChatTextInterpreter interpreter = new ChatTextInterpreter("ManimVideoBot");

    @Test
    void textInWordsIsAProblem() {
        assertThat(interpreter.interpret("  show why the derivative of x^2 is 2x "))
                .isEqualTo(new ChatInput.Problem("show why the derivative of x^2 is 2x"));
    }

    @Test
    void codeCommandAndPlainManimCodeAreDirectCode() {
        assertThat(interpreter.interpret("/code " + SCENE)).isEqualTo(new ChatInput.Code(SCENE.strip()));
        assertThat(interpreter.interpret(SCENE)).isEqualTo(new ChatInput.Code(SCENE.strip()));
        String noImport = "class A(MovingCameraScene):\n    def construct(self):\n        pass";
        assertThat(interpreter.interpret(noImport)).isEqualTo(new ChatInput.Code(noImport));
        // words about scenes are still a problem
        assertThat(interpreter.interpret("explain the scene where the integral of sin is -cos"))
                .isInstanceOf(ChatInput.Problem.class);
    }

    @Test
    void commandsWithAndWithoutBotName() {
        assertThat(interpreter.interpret("/start")).isEqualTo(new ChatInput.Command(ChatCommand.START, ""));
        assertThat(interpreter.interpret("/help@ManimVideoBot")).isEqualTo(new ChatInput.Command(ChatCommand.HELP, ""));
        assertThat(interpreter.interpret("/STATUS@manimvideobot"))
                .isEqualTo(new ChatInput.Command(ChatCommand.STATUS, ""));
        assertThat(interpreter.interpret("/language pt-BR"))
                .isEqualTo(new ChatInput.Command(ChatCommand.LANGUAGE, "pt-BR"));
        assertThat(interpreter.interpret("/history")).isEqualTo(new ChatInput.Command(ChatCommand.HISTORY, ""));
        assertThat(interpreter.interpret("/cancel")).isEqualTo(new ChatInput.Command(ChatCommand.CANCEL, ""));
        assertThat(interpreter.interpret("/link ABC123")).isEqualTo(new ChatInput.Command(ChatCommand.LINK, "ABC123"));
    }

    @Test
    void commandForAnotherBotInAGroupIsIgnored() {
        assertThat(interpreter.interpret("/start@OtherBot")).isInstanceOf(ChatInput.Ignored.class);
    }

    @Test
    void unknownCommandAndEmptyCodeGetHelp() {
        assertThat(interpreter.interpret("/frobnicate"))
                .isInstanceOfSatisfying(
                        ChatInput.Rejected.class,
                        r -> assertThat(r.reply().in(ENGLISH)).contains("/frobnicate", "/status", "/code"));
        assertThat(interpreter.interpret("/code"))
                .isInstanceOfSatisfying(
                        ChatInput.Rejected.class,
                        r -> assertThat(r.reply().in(ENGLISH)).contains("/code"));
    }

    @Test
    void inGroupsOnlyCommandsAndMentionsAreForTheBot() {
        assertThat(interpreter.interpretInGroup("anyone know how to integrate ln x?"))
                .isInstanceOf(ChatInput.Ignored.class);
        assertThat(interpreter.interpretInGroup("@manimvideobot how to integrate ln x?"))
                .isEqualTo(new ChatInput.Problem("how to integrate ln x?"));
        assertThat(interpreter.interpretInGroup("/status@ManimVideoBot"))
                .isEqualTo(new ChatInput.Command(ChatCommand.STATUS, ""));
        assertThat(interpreter.interpretInGroup("@ManimVideoBotFan says hello to everyone"))
                .isInstanceOf(ChatInput.Ignored.class);
    }
}
