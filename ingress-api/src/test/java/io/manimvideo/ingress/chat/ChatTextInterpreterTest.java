package io.manimvideo.ingress.chat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChatTextInterpreterTest {
  private static final String SCENE = """
      from manim import *

      class Derivative(Scene):
          def construct(self):
              self.play(Write(MathTex("x^2")))
      """;

  private final ChatTextInterpreter interpreter = new ChatTextInterpreter("ManimVideoBot", new ChatReplies());

  @Test
  void textInWordsIsAProblem() {
    assertThat(interpreter.interpret("  show why the derivative of x^2 is 2x ", true))
        .isEqualTo(new ChatInput.Problem("show why the derivative of x^2 is 2x"));
  }

  @Test
  void tooShortAndTooLongProblemsGetARepliesWithTheLimits() {
    assertThat(interpreter.interpret("x^2", true))
        .isInstanceOfSatisfying(ChatInput.Rejected.class, r -> assertThat(r.reply()).contains("10", "5000"));
    assertThat(interpreter.interpret("a".repeat(5001), true))
        .isInstanceOfSatisfying(ChatInput.Rejected.class, r -> assertThat(r.reply()).contains("5001", "5000"));
    assertThat(interpreter.interpret("a".repeat(5000), true)).isInstanceOf(ChatInput.Problem.class);
    assertThat(interpreter.interpret("a".repeat(10), true)).isInstanceOf(ChatInput.Problem.class);
  }

  @Test
  void codeCommandAndPlainManimCodeAreDirectCode() {
    assertThat(interpreter.interpret("/code " + SCENE, true)).isEqualTo(new ChatInput.Code(SCENE.strip()));
    assertThat(interpreter.interpret(SCENE, true)).isEqualTo(new ChatInput.Code(SCENE.strip()));
    String noImport = "class A(MovingCameraScene):\n    def construct(self):\n        pass";
    assertThat(interpreter.interpret(noImport, true)).isEqualTo(new ChatInput.Code(noImport));
    // words about scenes are still a problem
    assertThat(interpreter.interpret("explain the scene where the integral of sin is -cos", true))
        .isInstanceOf(ChatInput.Problem.class);
  }

  @Test
  void directCodeIsRefusedWhenThePlatformTurnedItOff() {
    assertThat(interpreter.interpret(SCENE, false))
        .isInstanceOfSatisfying(ChatInput.Rejected.class, r -> assertThat(r.reply()).contains("turned off"));
    assertThat(interpreter.interpret("/code " + SCENE, false)).isInstanceOf(ChatInput.Rejected.class);
  }

  @Test
  void codeOverFiftyKilobytesIsRefused() {
    String big = SCENE + "#" + "x".repeat(50 * 1024);
    assertThat(interpreter.interpret(big, true))
        .isInstanceOfSatisfying(ChatInput.Rejected.class, r -> assertThat(r.reply()).contains("50 KB"));
  }

  @Test
  void commandsWithAndWithoutBotName() {
    assertThat(interpreter.interpret("/start", true)).isEqualTo(new ChatInput.Command(ChatCommand.START, ""));
    assertThat(interpreter.interpret("/help@ManimVideoBot", true)).isEqualTo(new ChatInput.Command(ChatCommand.HELP, ""));
    assertThat(interpreter.interpret("/STATUS@manimvideobot", true)).isEqualTo(new ChatInput.Command(ChatCommand.STATUS, ""));
    assertThat(interpreter.interpret("/language pt-BR", true)).isEqualTo(new ChatInput.Command(ChatCommand.LANGUAGE, "pt-BR"));
    assertThat(interpreter.interpret("/history", true)).isEqualTo(new ChatInput.Command(ChatCommand.HISTORY, ""));
    assertThat(interpreter.interpret("/cancel", true)).isEqualTo(new ChatInput.Command(ChatCommand.CANCEL, ""));
    assertThat(interpreter.interpret("/link ABC123", true)).isEqualTo(new ChatInput.Command(ChatCommand.LINK, "ABC123"));
  }

  @Test
  void commandForAnotherBotInAGroupIsIgnored() {
    assertThat(interpreter.interpret("/start@OtherBot", true)).isInstanceOf(ChatInput.Ignored.class);
  }

  @Test
  void unknownCommandAndEmptyCodeGetHelp() {
    assertThat(interpreter.interpret("/frobnicate", true))
        .isInstanceOfSatisfying(ChatInput.Rejected.class, r -> assertThat(r.reply()).contains("/frobnicate", "/status", "/code"));
    assertThat(interpreter.interpret("/code", true))
        .isInstanceOfSatisfying(ChatInput.Rejected.class, r -> assertThat(r.reply()).contains("/code"));
  }
}
