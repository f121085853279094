package io.manimvideo.codegen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.manimvideo.api.MathVerified;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The render image's offline explainer ({@code python -m manimrender explain}): works a maths problem out
 * with SymPy, without AI. It answers two questions: is this a problem it can solve (then it has the
 * result and a scene), and is the result an AI stated equal to its own ({@code --result}).
 *
 * <p>The explainer is a helper, never a requirement: when its command is missing or broken, codegen goes
 * on as before (providers, then the degraded scene), with a log line.
 */
public final class OfflineExplainer {
    /** With the providers' budget (150 s by default) it stays below the codegen Job's deadline (180 s). */
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    /**
     * A problem the explainer solved.
     *
     * @param kind derivative, integral, limit, solve, system, simplify, factor, expand, evaluate, plot, tangent,
     *     stationary, odd_squares, pythagoras, series or probability
     * @param result its result in SymPy syntax, e.g. {@code 2*x}
     * @param code the scene that shows the working (still to be checked like any other code)
     */
    public record Explanation(String kind, String result, String code) {}

    /**
     * What the explainer made of a problem: its explanation; or, when it could work the problem out but not show
     * and say every step within the maximum length, the length it needs ({@code neededSeconds}); or neither.
     */
    public record Attempt(Optional<Explanation> explanation, OptionalInt neededSeconds) {
        static final Attempt NOT_UNDERSTOOD = new Attempt(Optional.empty(), OptionalInt.empty());
    }

    /** How a stated result compares; {@code message} says why, in words the AI gets back when it is wrong. */
    public record Verdict(MathVerified verified, String message) {}

    private final JsonCommand command;
    private final CodegenLog log;

    public OfflineExplainer(
            List<String> command, Map<String, String> environment, ObjectMapper mapper, CodegenLog log) {
        this.command = new JsonCommand(command, environment, TIMEOUT, mapper, log);
        this.log = log;
    }

    /** The explanation, or empty when the problem is not one the explainer solves (or it cannot run). */
    public Optional<Explanation> explain(String problem, int maxDurationSeconds) {
        return explain(problem, maxDurationSeconds, List.of(), "en").explanation();
    }

    /**
     * The same, with the scene's palette chosen for {@code themes} (wire names such as {@code high_contrast}):
     * the render's theme lifts colours of any scene, the explainer's own high-contrast palette also changes
     * strokes, highlights and the shaded area. Its words, captions and narration are in {@code language} (the
     * job's BCP 47 tag); a problem kind it has no words for in that language is not understood, so the video
     * never mixes languages. A problem it cannot say within {@code maxDurationSeconds} comes back with the length
     * it needs.
     */
    public Attempt explain(String problem, int maxDurationSeconds, List<String> themes, String language) {
        try {
            JsonCommand.Answer answer = command.run(
                    problem,
                    "--max-duration",
                    Integer.toString(maxDurationSeconds),
                    "--theme",
                    String.join(",", themes),
                    "--language",
                    language);
            JsonNode json = answer.json();
            if (answer.exit() != 0) {
                log.info("offline explainer: " + json.path("reason").asText("not understood"));
                JsonNode needed = json.path("needed_seconds");
                return needed.canConvertToInt() && needed.asInt() > maxDurationSeconds
                        ? new Attempt(Optional.empty(), OptionalInt.of(needed.asInt()))
                        : Attempt.NOT_UNDERSTOOD;
            }
            log.info("offline explainer: a " + json.path("kind").asText() + " problem, result "
                    + json.path("result").asText());
            return new Attempt(
                    Optional.of(new Explanation(
                            json.path("kind").asText(),
                            json.path("result").asText(),
                            json.path("code").asText())),
                    OptionalInt.empty());
        } catch (CheckerException e) {
            log.warn("offline explainer unavailable (" + e.getMessage() + ")");
            return Attempt.NOT_UNDERSTOOD;
        }
    }

    /** Compares {@code stated} (an AI's {@code # RESULT:} line) with the explainer's own result. */
    public Verdict verify(String problem, String stated) {
        try {
            JsonNode json = command.run(problem, "--result", stated).json();
            JsonNode verified = json.path("verified");
            MathVerified verdict = verified.isBoolean()
                    ? (verified.asBoolean() ? MathVerified.TRUE : MathVerified.FALSE)
                    : MathVerified.UNKNOWN;
            return new Verdict(verdict, json.path("verdict").asText(""));
        } catch (CheckerException e) {
            log.warn("offline explainer unavailable for checking the result (" + e.getMessage() + ")");
            return new Verdict(MathVerified.UNKNOWN, "");
        }
    }
}
