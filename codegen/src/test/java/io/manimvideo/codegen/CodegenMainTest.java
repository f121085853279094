package io.manimvideo.codegen;

import static io.manimvideo.codegen.FakeChatServer.delayed;
import static io.manimvideo.codegen.FakeChatServer.ok;
import static io.manimvideo.codegen.FakeChatServer.openAiAnswer;
import static io.manimvideo.codegen.FakeChatServer.openAiError;
import static io.manimvideo.codegen.FakeChatServer.withHeader;
import static io.manimvideo.codegen.FakeChatServer.workersAiAnswer;
import static org.assertj.core.api.Assertions.assertThat;

import io.manimvideo.api.MathVerified;
import io.manimvideo.api.workload.Outcome;
import io.manimvideo.api.workload.WorkloadResult;
import io.manimvideo.api.workload.WorkloadResultCodec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The codegen pod end to end: {@link CodegenMain} with its real environment contract, fake AI providers
 * speaking the providers' own HTTP formats, the render image's real check command, and S3Proxy behind
 * real presigned URLs.
 */
class CodegenMainTest {
    /** Each test its own VideoJob uid, so no test reads what another stored. */
    final String prefix = "videojobs/default/web-abc/" + java.util.UUID.randomUUID() + "/";

    final String codeKey = prefix + "code/attempt-1.py";
    final String logKey = prefix + "logs/web-abc-codegen-1.txt";
    static final String GROQ_KEY = "gsk_test_1f2e3d4c5b6a79880011223344556677";
    static final String CLOUDFLARE_KEY = "cf-token-9a8b7c6d5e4f30211203948576abcdef";
    static final String PROBLEM = "Show why the derivative of x^2 is 2x";
    static final String SCENE = """
      from manim import *


      class DerivativeOfSquare(Scene):
          def construct(self):
              formula = MathTex(r"\\frac{d}{dx} x^2 = 2x")
              self.play(Write(formula))
              self.wait(1)
      """;
    static final RetryPolicy FAST_RETRIES = new RetryPolicy(2, Duration.ofMillis(50), Duration.ofSeconds(5));

    static S3ProxyStorage storage;
    FakeChatServer groq;
    FakeChatServer cloudflare;

    @TempDir
    Path temp;

    record Run(int exit, WorkloadResult result, String stderr, String storedCode, String storedLog) {}

    @BeforeAll
    static void startStorage() throws Exception {
        storage = new S3ProxyStorage();
    }

    @AfterAll
    static void stopStorage() throws Exception {
        storage.close();
    }

    @BeforeEach
    void startProviders() throws Exception {
        groq = new FakeChatServer();
        cloudflare = new FakeChatServer();
    }

    @AfterEach
    void stopProviders() {
        groq.close();
        cloudflare.close();
    }

    @Test
    void fencedAnswerFromOpenAiCompatibleProviderIsCheckedAndStoredThroughPresignedUrl() throws Exception {
        groq.enqueue(openAiAnswer(
                "Here is the scene:\n\n```python\n" + SCENE + "```\n\nIt shows the power rule.", 812, 164));

        Run run = run(env("groq"));

        assertThat(run.exit()).isZero();
        WorkloadResult result = run.result();
        assertThat(result.outcome()).isEqualTo(Outcome.OK);
        assertThat(result.workload()).isEqualTo("codegen");
        assertThat(result.provider()).isEqualTo("groq");
        assertThat(result.model()).isEqualTo("llama-3.3-70b-versatile");
        assertThat(result.promptTokens()).isEqualTo(812);
        assertThat(result.completionTokens()).isEqualTo(164);
        assertThat(result.latencyMs()).isNotNull().isGreaterThanOrEqualTo(0);
        assertThat(result.isDegraded()).isFalse();
        assertThat(result.truncatedCalls()).as("no answer was cut off").isNull();
        assertThat(run.storedCode())
                .isEqualTo(SCENE)
                .doesNotContain("Here is the scene")
                .doesNotContain("```");
        assertThat(result.codeSha256()).isEqualTo(CodegenWorkload.sha256(SCENE.getBytes(StandardCharsets.UTF_8)));
        assertThat(result.codeSizeBytes()).isEqualTo(SCENE.getBytes(StandardCharsets.UTF_8).length);

        FakeChatServer.Recorded request = groq.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/openai/v1/chat/completions");
        assertThat(request.header("Authorization")).isEqualTo("Bearer " + GROQ_KEY);
        assertThat(request.json().path("model").asText()).isEqualTo("llama-3.3-70b-versatile");
        List<String> messages = request.messages();
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0))
                .startsWith("system: ")
                .contains("Manim Community", "MathTex", "Create", "at most 60 seconds", "`en`");
        assertThat(messages.get(1)).startsWith("user: ").contains(PROBLEM);
        assertThat(run.storedLog()).contains("asking groq").contains("stored");
    }

    @Test
    void workersAiNativeApiAnswerWithoutFenceIsStored() throws Exception {
        cloudflare.enqueue(workersAiAnswer(SCENE, 640, 120));

        Run run = run(env("cloudflare"));

        assertThat(run.result().outcome()).isEqualTo(Outcome.OK);
        assertThat(run.result().provider()).isEqualTo("cloudflare");
        assertThat(run.result().model()).isEqualTo("@cf/meta/llama-3.3-70b-instruct-fp8-fast");
        assertThat(run.result().promptTokens()).isEqualTo(640);
        assertThat(run.storedCode()).isEqualTo(SCENE);
        FakeChatServer.Recorded request = cloudflare.requests().get(0);
        assertThat(request.path())
                .isEqualTo("/client/v4/accounts/acc0123456789/ai/run/@cf/meta/llama-3.3-70b-instruct-fp8-fast");
        assertThat(request.header("Authorization")).isEqualTo("Bearer " + CLOUDFLARE_KEY);
        assertThat(request.json().has("model")).isFalse();
        assertThat(request.json().path("max_tokens").asInt()).isGreaterThan(256);
        assertThat(request.messages()).hasSize(2);
    }

    @Test
    void rateLimitWithRetryAfterIsWaitedOutThenAnswered() throws Exception {
        groq.enqueue(withHeader(
                openAiError(429, "rate_limit_exceeded", "Rate limit reached for model"), "Retry-After", "1"));
        groq.enqueue(openAiAnswer("```python\n" + SCENE + "```", 800, 150));

        Run run = run(env("groq,cloudflare"));

        assertThat(run.result().outcome()).isEqualTo(Outcome.OK);
        assertThat(run.result().provider()).isEqualTo("groq");
        List<FakeChatServer.Recorded> requests = groq.requests();
        assertThat(requests).hasSize(2);
        assertThat(Duration.between(requests.get(0).at(), requests.get(1).at()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(cloudflare.requests()).isEmpty();
        assertThat(run.stderr()).contains("HTTP 429");
    }

    @Test
    void rateLimitAskingForTooLongAWaitMovesOnToTheNextProvider() throws Exception {
        groq.enqueue(withHeader(
                openAiError(429, "rate_limit_exceeded", "Rate limit reached for model"), "Retry-After", "3600"));
        cloudflare.enqueue(workersAiAnswer(SCENE, 700, 130));

        Run run = run(env("groq,cloudflare"));

        assertThat(run.result().provider()).isEqualTo("cloudflare");
        assertThat(groq.requests()).hasSize(1);
        assertThat(run.stderr()).contains("asked to wait 3600 s");
    }

    @Test
    void workersAiErrorIsReportedAndNotRetried() throws Exception {
        cloudflare.enqueue(new FakeChatServer.Reply(
                400,
                Map.of(),
                "{\"result\":null,\"success\":false,\"errors\":[{\"code\":5007,\"message\":\"No such model "
                        + "@cf/meta/llama-9\"}],\"messages\":[]}",
                Duration.ZERO));
        groq.enqueue(openAiAnswer("```python\n" + SCENE + "```", 800, 150));

        Run run = run(env("cloudflare,groq"));

        assertThat(run.result().provider()).isEqualTo("groq");
        assertThat(cloudflare.requests()).hasSize(1);
        assertThat(run.stderr()).contains("cloudflare answered HTTP 400: No such model @cf/meta/llama-9");
    }

    @Test
    void usedUpBudgetStopsAskingAndFallsBackInTime() throws Exception {
        groq.enqueue(delayed(openAiAnswer("```python\n" + SCENE + "```", 1, 1), Duration.ofSeconds(5)));
        cloudflare.enqueue(workersAiAnswer(SCENE, 700, 130));
        Map<String, String> env = env("groq,cloudflare");
        env.put("CODEGEN_BUDGET_SECONDS", "1");

        Run run = run(env);

        assertThat(run.result().provider()).isEqualTo(WorkloadResult.OFFLINE_EXPLAINER);
        assertThat(cloudflare.requests()).isEmpty();
        assertThat(run.stderr()).contains("cloudflare and later ones not asked");
    }

    @Test
    void slowProviderTimesOutAndTheNextOneAnswers() throws Exception {
        groq.enqueue(delayed(openAiAnswer("```python\n" + SCENE + "```", 1, 1), Duration.ofSeconds(4)));
        cloudflare.enqueue(workersAiAnswer("```python\n" + SCENE + "```", 700, 130));
        Map<String, String> env = env("groq,cloudflare");
        env.put("CODEGEN_GROQ_TIMEOUT_SECONDS", "1");

        Run run = run(env);

        assertThat(run.result().outcome()).isEqualTo(Outcome.OK);
        assertThat(run.result().provider()).isEqualTo("cloudflare");
        assertThat(groq.requests()).hasSize(1); // a timeout is not retried
        assertThat(run.stderr()).contains("groq did not answer within 1 s");
        assertThat(run.storedCode()).isEqualTo(SCENE);
    }

    @Test
    void malformedJsonFallsThroughToTheNextProvider() throws Exception {
        groq.enqueue(ok("{\"id\":\"chatcmpl-1\",\"choices\":[{\"message\":{\"content\":\"from manim"));
        cloudflare.enqueue(workersAiAnswer(SCENE, 700, 130));

        Run run = run(env("groq,cloudflare"));

        assertThat(run.result().outcome()).isEqualTo(Outcome.OK);
        assertThat(run.result().provider()).isEqualTo("cloudflare");
        assertThat(run.stderr()).contains("groq answered with malformed JSON");
    }

    @Test
    void emptyContentFallsThroughToTheNextProvider() throws Exception {
        groq.enqueue(openAiAnswer("", 800, 0));
        cloudflare.enqueue(workersAiAnswer(SCENE, 700, 130));

        Run run = run(env("groq,cloudflare"));

        assertThat(run.result().provider()).isEqualTo("cloudflare");
        assertThat(run.stderr()).contains("groq answered with no content");
    }

    @Test
    void knownModelMistakesAreRepairedBeforeTheCodeIsStored() throws Exception {
        String dated = "class Old(Scene):\n    def construct(self):\n        c = Circle()\n"
                + "        self.play(ShowCreation(c))\n        self.wait(1)\n";
        groq.enqueue(openAiAnswer("```python\n" + dated + "```", 800, 90));

        Run run = run(env("groq"));

        assertThat(run.result().outcome()).isEqualTo(Outcome.OK);
        assertThat(run.result().repairs()).isNotEmpty();
        assertThat(run.storedCode())
                .contains("from manim import *")
                .contains("Create(c)")
                .doesNotContain("ShowCreation");
        assertThat(groq.requests()).hasSize(1); // repaired without asking the model again
    }

    @Test
    void codeThatFailsTheCheckIsSentBackToTheSameProviderWithTheError() throws Exception {
        String broken = "from manim import *\n\nclass Broken(Scene):\n    def construct(self)\n        self.wait(1)\n";
        groq.enqueue(openAiAnswer("```python\n" + broken + "```", 800, 100));
        groq.enqueue(openAiAnswer("```python\n" + SCENE + "```", 1000, 150));

        Run run = run(env("groq"));

        assertThat(run.result().outcome()).isEqualTo(Outcome.OK);
        assertThat(run.result().promptTokens()).isEqualTo(1800);
        assertThat(run.result().completionTokens()).isEqualTo(250);
        assertThat(run.storedCode()).isEqualTo(SCENE);
        List<String> second = groq.requests().get(1).messages();
        assertThat(second).hasSize(4);
        assertThat(second.get(2)).startsWith("assistant: ").contains("class Broken(Scene)");
        assertThat(second.get(3))
                .startsWith("user: ")
                .contains("failed the automatic check")
                .containsPattern("line 4, column \\d+: ")
                .doesNotContainPattern("line 4, column \\d+: line 4");
    }

    @Test
    void cutOffAnswerGetsAnExtraTurnAskingForAShorterSceneAndKeepsTheRepairTurn() throws Exception {
        String cut = "from manim import *\n\nclass Cut(Scene):\n    def construct(self):\n"
                + "        self.play(Create(Circle()),\n";
        String broken = "from manim import *\n\nclass Broken(Scene):\n    def construct(self)\n        self.wait(1)\n";
        groq.enqueue(openAiAnswer("```python\n" + cut, 800, 4096));
        groq.enqueue(openAiAnswer("```python\n" + broken + "```", 900, 100));
        groq.enqueue(openAiAnswer("```python\n" + SCENE + "```", 1000, 150));

        Run run = run(env("groq"));

        assertThat(run.result().outcome()).isEqualTo(Outcome.OK);
        assertThat(run.result().provider()).isEqualTo("groq");
        assertThat(run.storedCode()).isEqualTo(SCENE);
        assertThat(groq.requests()).hasSize(3);
        assertThat(groq.requests().get(1).messages().get(3))
                .startsWith("user: ")
                .contains("cut off")
                .contains("shorter");
        assertThat(groq.requests().get(2).messages().get(5)).contains("failed the automatic check");
        assertThat(run.stderr()).contains("extra call 1");
        assertThat(run.result().truncatedCalls())
                .as("the extra call, for the admin to see")
                .isEqualTo(1);
        assertThat(run.result().completionTokens())
                .as("the cut-off answer's tokens too")
                .isEqualTo(4346);
    }

    @Test
    void theRepairsCheckedAgainstManimsApiAreOffWhenThePodSaysSo() throws Exception {
        String misspelt = SCENE.replace("MathTex(r\"\\frac{d}{dx} x^2 = 2x\")", "Circle(stroke_widht=2)");
        groq.enqueue(openAiAnswer("```python\n" + misspelt + "```", 800, 100));
        groq.enqueue(openAiAnswer("```python\n" + misspelt + "```", 800, 100));
        Map<String, String> env = env("groq");

        Run on = run(env);
        assertThat(on.storedCode()).contains("stroke_width=2").doesNotContain("stroke_widht");
        assertThat(on.result().repairs()).anyMatch(r -> r.contains("stroke_widht") && r.contains("stroke_width"));

        env.put("MANIMRENDER_API_REPAIRS", "0"); // what the operator's API_REPAIRS=false gives the pod
        Run off = run(env);
        assertThat(off.storedCode()).as("the hand-listed repairs only").contains("stroke_widht=2");
        assertThat(off.result().repairs()).isNullOrEmpty();
    }

    @Test
    void providerThatNeverWritesValidCodeIsLeftForTheNextOne() throws Exception {
        String prose = "I cannot draw that, but the derivative of x^2 is 2x.";
        groq.enqueue(openAiAnswer(prose, 800, 20));
        groq.enqueue(openAiAnswer(prose, 900, 20));
        cloudflare.enqueue(workersAiAnswer(SCENE, 700, 130));

        Run run = run(env("groq,cloudflare"));

        assertThat(groq.requests()).hasSize(2);
        assertThat(run.result().provider()).isEqualTo("cloudflare");
        assertThat(run.storedCode()).isEqualTo(SCENE);
    }

    @Test
    void repairAttemptCarriesThePreviousCodeAndItsError() throws Exception {
        String previous = "from manim import *\n\nclass Old(Scene):\n    def construct(self):\n"
                + "        self.play(Create(Circle(radius=9)))\n        undefined_helper()\n";
        storage.put(prefix + "code/attempt-1.py", previous);
        Map<String, String> env = env("groq");
        env.put("CODEGEN_ATTEMPT", "2");
        env.put("CODEGEN_CODE_PUT_URL", storage.presignPut(prefix + "code/attempt-2.py"));
        env.put("CODEGEN_PREVIOUS_CODE_URL", storage.presignGet(prefix + "code/attempt-1.py"));
        env.put("CODEGEN_PREVIOUS_ERROR", "line 6: NameError: name 'undefined_helper' is not defined");
        groq.enqueue(openAiAnswer("```python\n" + SCENE + "```", 1200, 150));

        Run run = run(env);

        assertThat(run.result().outcome()).isEqualTo(Outcome.OK);
        assertThat(storage.read(prefix + "code/attempt-2.py")).contains(SCENE);
        String request = groq.requests().get(0).messages().get(1);
        assertThat(request)
                .contains(PROBLEM)
                .contains("self.play(Create(Circle(radius=9)))\n        undefined_helper()")
                .contains("line 6: NameError: name 'undefined_helper' is not defined");
    }

    @Test
    void accessibilityWishesAndLanguageReachTheSystemPrompt() throws Exception {
        Map<String, String> env = env("groq");
        env.put("CODEGEN_LANGUAGE", "de-AT");
        env.put("CODEGEN_ACCESSIBILITY", "large_text,audio_description");
        groq.enqueue(openAiAnswer("```python\n" + SCENE + "```", 800, 150));

        run(env);

        String system = groq.requests().get(0).messages().get(0);
        assertThat(system)
                .contains("`de-AT`")
                .contains("Large text")
                .contains("font_size=40")
                .contains("Audio description")
                .contains("caption")
                .doesNotContain("High contrast");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyProviderDownGivesTheDegradedSceneThatPassesTheRealCheck() throws Exception {
        String hostile = "Prove \"\"\"); import os; os.system('rm -rf /') #\n"
                + "and $\\input{/etc/passwd}$ ^^5c __class__ \\\\ with ünïcödé, 数学, emoji 🧮 and a\ttab";
        for (int i = 0; i < 3; i++) {
            groq.enqueue(openAiError(503, "service_unavailable", "Service Unavailable"));
        }
        Map<String, String> env = env("groq,cloudflare,huggingface");
        env.put("CODEGEN_PROBLEM_TEXT", hostile);
        env.put("CODEGEN_LANGUAGE", "de");
        env.put("CODEGEN_CLOUDFLARE_BASE_URL", "http://127.0.0.1:" + closedPort() + "/client/v4");
        env.put("CODEGEN_HUGGINGFACE_BASE_URL", groq.baseUrl("/v1")); // no replies left: HTTP 500

        Run run = run(env);

        assertThat(run.exit()).isZero();
        assertThat(run.result().outcome()).isEqualTo(Outcome.OK);
        assertThat(run.result().isDegraded()).isTrue();
        assertThat(run.result().provider()).isNull();
        assertThat(run.result().message()).contains("No AI provider was available");
        String code = run.storedCode();
        // the person's text stays inside string literals: the only import is Manim's, and no TeX is used
        assertThat(code.lines().filter(line -> line.matches("\\s*(import|from)\\b.*")))
                .containsExactly("from manim import *");
        assertThat(code).doesNotContain("Tex(").contains("class ProblemStatement(Scene)");
        assertThat(code.chars().allMatch(c -> c < 0x80)).isTrue();
        assertThat(run.result().codeSha256()).isEqualTo(CodegenWorkload.sha256(code.getBytes(StandardCharsets.UTF_8)));
        // the texts shown are exactly the person's words and the German notice, read back by Python itself
        Map<String, Object> shown = PythonLiterals.read(code, temp);
        assertThat(String.join(" ", (List<String>) shown.get("PROBLEM_LINES")))
                .isEqualTo("Prove \"\"\"); import os; os.system('rm -rf /') # and $\u2216input{/etc/passwd}$ ^ ^5c "
                        + "_ _class_ _ \u2216\u2216 with ünïcödé, 数学, emoji 🧮 and a tab");
        assertThat(shown.get("HEADING")).isEqualTo("Deine Aufgabe");
        assertThat(String.join(" ", (List<String>) shown.get("NOTICE_LINES"))).contains("KI-Dienst");
        // and the render image's own check accepts it again, unchanged
        CheckResult recheck = checker().check(code);
        assertThat(recheck.ok()).isTrue();
        assertThat(recheck.scene()).isEqualTo("ProblemStatement");
    }

    @Test
    void noProviderConfiguredGivesTheOfflineExplanationOfAMathsProblem() throws Exception {
        Map<String, String> env = env("groq");
        env.remove("CODEGEN_PROVIDERS");

        Run run = run(env);

        assertThat(run.exit()).isZero();
        assertThat(run.result().outcome()).isEqualTo(Outcome.OK);
        assertThat(run.result().isDegraded()).isFalse();
        assertThat(run.result().provider()).isEqualTo(WorkloadResult.OFFLINE_EXPLAINER);
        assertThat(run.result().model()).isEqualTo("sympy");
        assertThat(run.result().mathVerified()).isEqualTo(MathVerified.TRUE);
        assertThat(run.result().message()).contains("worked out without AI");
        // the first-principles working, each line computed by SymPy, with a caption per step; checked like AI code
        assertThat(run.storedCode())
                .contains("class Explainer(Scene)", "f'(x) = \\\\lim_{h \\\\to 0}", "2 h x", "subcaption=");
        assertThat(checker().check(run.storedCode()).ok()).isTrue();
        assertThat(run.storedLog()).contains("offline explainer: a derivative problem, result 2*x");
    }

    @Test
    void theOfflineExplanationIsInTheJobsLanguage() throws Exception {
        Map<String, String> env = env("groq");
        env.remove("CODEGEN_PROVIDERS");
        env.put("CODEGEN_PROBLEM_TEXT", "solve x^2 - 5x + 6 = 0");
        env.put("CODEGEN_LANGUAGE", "es");

        Run run = run(env);

        assertThat(run.result().provider()).isEqualTo(WorkloadResult.OFFLINE_EXPLAINER);
        // the heading and every caption in Spanish, and no English sentence of the explainer
        assertThat(run.storedCode())
                .contains("Resolver una ecuación", "Buscamos todos los valores de x", "Entonces x = 2 o x = 3.")
                .doesNotContain("We want", "Solving an equation");
        assertThat(checker().check(run.storedCode()).ok()).isTrue();
    }

    @Test
    void noProviderAndAnExplanationLongerThanTheJobAllowsEndsTooLongWithTheLengthItNeeds() throws Exception {
        Map<String, String> env = env("groq");
        env.remove("CODEGEN_PROVIDERS");
        env.put("CODEGEN_MAX_DURATION_SECONDS", "20"); // the first-principles working needs about 55 s

        Run run = run(env);

        // not a scene that only shows the problem: the person is told the length the explanation needs
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.result().outcome()).isEqualTo(Outcome.TOO_LONG);
        assertThat(run.result().durationSeconds()).isBetween(40.0, 70.0);
        assertThat(run.result().message())
                .contains("at least " + run.result().durationSeconds().intValue() + " s");
        assertThat(run.storedCode()).isNull();
        assertThat(run.storedLog()).contains("offline explainer: too long", "20 s are allowed");
    }

    @Test
    void noProviderConfiguredAndAProblemTheExplainerCannotReadGivesTheDegradedScene() throws Exception {
        Map<String, String> env = env("groq");
        env.remove("CODEGEN_PROVIDERS");
        env.put("CODEGEN_PROBLEM_TEXT", "Why do bees build hexagons?");

        Run run = run(env);

        assertThat(run.result().outcome()).isEqualTo(Outcome.OK);
        assertThat(run.result().isDegraded()).isTrue();
        assertThat(run.result().mathVerified()).isEqualTo(MathVerified.UNKNOWN);
        assertThat(run.storedCode()).contains("class ProblemStatement(Scene)");
        assertThat(run.stderr()).contains("offline explainer: not understood");
    }

    @Test
    void rightStatedResultIsVerified() throws Exception {
        groq.enqueue(openAiAnswer("```python\n" + SCENE + "# RESULT: x*2\n```", 800, 150));

        Run run = run(env("groq"));

        assertThat(run.result().provider()).isEqualTo("groq");
        assertThat(run.result().mathVerified()).isEqualTo(MathVerified.TRUE);
        assertThat(groq.requests()).hasSize(1);
        // the problem is one the explainer solves, so the model was asked to state its result
        assertThat(groq.requests().get(0).messages().get(0)).contains("# RESULT: 2*x");
    }

    @Test
    void wrongStatedResultGoesBackToTheSameProviderWithTheRightOne() throws Exception {
        groq.enqueue(openAiAnswer("```python\n" + SCENE + "# RESULT: 3*x\n```", 800, 150));
        groq.enqueue(openAiAnswer("```python\n" + SCENE + "# RESULT: 2*x\n```", 900, 150));

        Run run = run(env("groq"));

        assertThat(run.result().provider()).isEqualTo("groq");
        assertThat(run.result().mathVerified()).isEqualTo(MathVerified.TRUE);
        List<FakeChatServer.Recorded> requests = groq.requests();
        assertThat(requests).hasSize(2);
        List<String> repair = requests.get(1).messages();
        assertThat(repair).hasSize(4);
        assertThat(repair.get(2)).startsWith("assistant: ").contains("# RESULT: 3*x");
        assertThat(repair.get(3)).startsWith("user: ").contains("your result 3x is not equal to 2x");
        assertThat(run.stderr()).contains("groq's result is wrong: your result 3x is not equal to 2x");
    }

    @Test
    void resultsThatStayWrongAreReplacedByTheOfflineExplanation() throws Exception {
        groq.enqueue(openAiAnswer("```python\n" + SCENE + "# RESULT: 3*x\n```", 800, 150));
        groq.enqueue(openAiAnswer("```python\n" + SCENE + "# RESULT: x^2\n```", 800, 150));

        Run run = run(env("groq"));

        assertThat(run.result().provider()).isEqualTo(WorkloadResult.OFFLINE_EXPLAINER);
        assertThat(run.result().mathVerified()).isEqualTo(MathVerified.TRUE);
        assertThat(run.storedCode()).contains("class Explainer(Scene)");
        assertThat(run.stderr()).contains("your result x² is not equal to 2x");
    }

    @Test
    void unreadableOrMissingResultIsUnknownAndTheCodeIsUsed() throws Exception {
        groq.enqueue(openAiAnswer("```python\n" + SCENE + "# RESULT: the slope doubles (trust me)\n```", 800, 150));
        cloudflare.enqueue(workersAiAnswer(SCENE, 640, 120));

        Run unreadable = run(env("groq"));
        assertThat(unreadable.result().provider()).isEqualTo("groq");
        assertThat(unreadable.result().mathVerified()).isEqualTo(MathVerified.UNKNOWN);
        assertThat(groq.requests()).hasSize(1);
        assertThat(unreadable.stderr()).contains("could not be read");

        Run missing = run(env("cloudflare"));
        assertThat(missing.result().provider()).isEqualTo("cloudflare");
        assertThat(missing.result().mathVerified()).isEqualTo(MathVerified.UNKNOWN);
        assertThat(missing.stderr()).contains("the code states no # RESULT: line");
    }

    @Test
    void apiKeysNeverReachTheResultOrTheLogs() throws Exception {
        // some providers quote the key they refused; others echo the request in a server error
        groq.enqueue(openAiError(401, "invalid_api_key", "Incorrect API key provided: " + GROQ_KEY));
        for (int i = 0; i < 3; i++) {
            cloudflare.enqueue(new FakeChatServer.Reply(
                    500,
                    Map.of(),
                    "{\"success\":false,\"errors\":[{\"code\":5000,\"message\":\"upstream failed for token "
                            + CLOUDFLARE_KEY + "\"}],\"messages\":[],\"result\":null}",
                    Duration.ZERO));
        }

        Map<String, String> env = env("groq,cloudflare");
        env.put("CODEGEN_PROBLEM_TEXT", "Why do bees build hexagons?"); // not one the explainer solves
        Run run = run(env);

        assertThat(groq.requests().get(0).header("Authorization")).isEqualTo("Bearer " + GROQ_KEY);
        assertThat(run.result().isDegraded()).isTrue();
        String result = Files.readString(temp.resolve("termination-log"));
        for (String secret : List.of(GROQ_KEY, CLOUDFLARE_KEY, "X-Amz-Signature", "X-Amz-Credential")) {
            assertThat(result).doesNotContain(secret);
            assertThat(run.stderr()).doesNotContain(secret);
            assertThat(run.storedLog()).doesNotContain(secret);
        }
        assertThat(run.stderr())
                .contains("groq answered HTTP 401 (the API key was refused)")
                .contains("cloudflare answered HTTP 500");
    }

    @Test
    void codeThatCannotBeStoredIsAnUploadError() throws Exception {
        groq.enqueue(openAiAnswer("```python\n" + SCENE + "```", 800, 150));
        Map<String, String> env = env("groq");
        env.put("CODEGEN_CODE_PUT_URL", storage.presignPutIntoMissingBucket(codeKey));

        Run run = run(env);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.result().outcome()).isEqualTo(Outcome.UPLOAD_ERROR);
        assertThat(run.result().outcome().blamesCode()).isFalse();
        assertThat(run.result().provider()).isEqualTo("groq");
        assertThat(run.stderr()).contains("code upload failed: HTTP 404");
    }

    @Test
    void missingConfigurationIsAnInternalErrorNamingTheVariable() throws Exception {
        Map<String, String> env = env("groq");
        env.remove("CODEGEN_CODE_PUT_URL");

        Run run = run(env);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.result().outcome()).isEqualTo(Outcome.INTERNAL_ERROR);
        assertThat(run.result().message()).contains("CODEGEN_CODE_PUT_URL is not set");
        assertThat(groq.requests()).isEmpty();
    }

    @Test
    void brokenCheckCommandIsAnInternalErrorNotBadCode() throws Exception {
        groq.enqueue(openAiAnswer("```python\n" + SCENE + "```", 800, 150));
        Map<String, String> env = env("groq");
        env.put("CODEGEN_CHECK_COMMAND", "python3 -m no_such_checker_module check");

        Run run = run(env);

        assertThat(run.result().outcome()).isEqualTo(Outcome.INTERNAL_ERROR);
        assertThat(run.result().message()).contains("The code check could not run");
        assertThat(storage.read(codeKey)).isEmpty();
    }

    // --- helpers ---

    /** The environment the operator gives a codegen pod, with these providers configured. */
    Map<String, String> env(String providers) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv("PATH"));
        env.put("PYTHONPATH", RenderImage.sourceDir().toString());
        env.put("CODEGEN_PROBLEM_TEXT", PROBLEM);
        env.put("CODEGEN_LANGUAGE", "en");
        env.put("CODEGEN_ATTEMPT", "1");
        env.put("CODEGEN_CODE_PUT_URL", storage.presignPut(codeKey));
        env.put("CODEGEN_LOG_PUT_URL", storage.presignPut(logKey));
        env.put("CODEGEN_MAX_DURATION_SECONDS", "60");
        env.put("CODEGEN_RESULT_PATH", temp.resolve("termination-log").toString());
        env.put("CODEGEN_CHECK_COMMAND", RenderImage.CHECK_COMMAND);
        env.put("CODEGEN_EXPLAIN_COMMAND", RenderImage.explainCommand());
        env.put("CODEGEN_PROVIDERS", providers);
        env.put("CODEGEN_GROQ_KIND", "openai");
        env.put("CODEGEN_GROQ_BASE_URL", groq.baseUrl("/openai/v1"));
        env.put("CODEGEN_GROQ_MODEL", "llama-3.3-70b-versatile");
        env.put("CODEGEN_GROQ_API_KEY", GROQ_KEY);
        env.put("CODEGEN_GROQ_TIMEOUT_SECONDS", "10");
        env.put("CODEGEN_CLOUDFLARE_KIND", "cloudflare");
        env.put("CODEGEN_CLOUDFLARE_BASE_URL", cloudflare.baseUrl("/client/v4"));
        env.put("CODEGEN_CLOUDFLARE_MODEL", "@cf/meta/llama-3.3-70b-instruct-fp8-fast");
        env.put("CODEGEN_CLOUDFLARE_API_KEY", CLOUDFLARE_KEY);
        env.put("CODEGEN_CLOUDFLARE_ACCOUNT_ID", "acc0123456789");
        env.put("CODEGEN_CLOUDFLARE_TIMEOUT_SECONDS", "10");
        env.put("CODEGEN_HUGGINGFACE_MODEL", "Qwen/Qwen2.5-Coder-32B-Instruct");
        env.put("CODEGEN_HUGGINGFACE_API_KEY", "hf_test_token_0000000000000000");
        return env;
    }

    Run run(Map<String, String> env) throws Exception {
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int exit;
        try (PrintStream out = new PrintStream(stderr, true, StandardCharsets.UTF_8)) {
            exit = CodegenMain.run(env, FAST_RETRIES, out, Clock.systemUTC());
        }
        String message = Files.readString(temp.resolve("termination-log"));
        assertThat(message.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(WorkloadResult.MAX_BYTES);
        WorkloadResult result = new WorkloadResultCodec().parse(message).orElseThrow();
        return new Run(
                exit,
                result,
                stderr.toString(StandardCharsets.UTF_8),
                storage.read(codeKey).orElse(null),
                storage.read(logKey).orElse(null));
    }

    CodeChecker checker() {
        return new CodeChecker(
                List.of(RenderImage.CHECK_COMMAND.split(" ")),
                Map.of(
                        "PATH",
                        System.getenv("PATH"),
                        "PYTHONPATH",
                        RenderImage.sourceDir().toString()),
                new com.fasterxml.jackson.databind.ObjectMapper(),
                new CodegenLog(
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        Clock.systemUTC(),
                        List.of()));
    }

    static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
