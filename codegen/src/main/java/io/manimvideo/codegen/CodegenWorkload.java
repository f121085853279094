package io.manimvideo.codegen;

import io.manimvideo.api.AccessibilityNeed;
import io.manimvideo.api.MathVerified;
import io.manimvideo.api.workload.Outcome;
import io.manimvideo.api.workload.WorkloadResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * One codegen run: fetch the previous code (repair attempts), let the offline explainer work the problem
 * out (its result checks the AI's), ask the providers, fall back to the explainer's scene and then to the
 * degraded scene when none wrote valid code, store the code, and say how it went. When the explainer could
 * work the problem out only in a longer video than the job allows, the run ends {@code too_long} with the
 * length needed instead of degrading: the person is told to ask for a longer video.
 *
 * <p>When providers answer but none writes code that passes the check, the run still degrades rather
 * than ending {@code invalid_code}: each provider already had a repair turn with the error, and the
 * operator's next attempt would only ask the same providers again. {@code provider_error} is left for
 * the case where even the degraded scene fails the check.
 */
public final class CodegenWorkload {
    /** Time each transfer to or from storage may take, retries included. */
    static final Duration TRANSFER_BUDGET = Duration.ofSeconds(30);

    private final CodegenSettings settings;
    private final PromptBuilder prompts;
    private final CodeGenerator generator;
    private final OfflineExplainer explainer;
    private final DegradedScene degradedScene;
    private final CodeChecker checker;
    private final PresignedObjects storage;
    private final Clock clock;
    private final CodegenLog log;

    public CodegenWorkload(
            CodegenSettings settings,
            PromptBuilder prompts,
            CodeGenerator generator,
            OfflineExplainer explainer,
            DegradedScene degradedScene,
            CodeChecker checker,
            PresignedObjects storage,
            Clock clock,
            CodegenLog log) {
        this.settings = settings;
        this.prompts = prompts;
        this.generator = generator;
        this.explainer = explainer;
        this.degradedScene = degradedScene;
        this.checker = checker;
        this.storage = storage;
        this.clock = clock;
        this.log = log;
    }

    public WorkloadResult run() {
        log.info("codegen attempt " + settings.attempt() + ", language " + settings.language() + ", providers "
                + settings.providers().stream().map(ProviderSettings::name).toList());
        settings.problems().forEach(log::warn);
        OfflineExplainer.Attempt attempt = explainer.explain(
                settings.problemText(), settings.maxDurationSeconds(), themes(settings), settings.language());
        Optional<OfflineExplainer.Explanation> offline = attempt.explanation();
        // the providers' budget starts after the explainer, whose own time is bounded by OfflineExplainer.TIMEOUT
        Deadline deadline = Deadline.after(settings.budget(), clock);
        ResultCheck results =
                offline.isPresent() ? ResultCheck.against(explainer, settings.problemText()) : ResultCheck.NONE;
        List<ChatMessage> opening = prompts.conversation(settings, previousCode(), offline.isPresent());
        GeneratedCode code;
        try {
            Optional<GeneratedCode> generated = generator.generate(opening, deadline, results);
            boolean wrong = generated.isPresent() && generated.get().mathVerified() == MathVerified.FALSE;
            if ((generated.isEmpty() || wrong) && offline.isPresent()) {
                // a wrong result is rendered only when the explainer's own scene cannot be (status says false)
                Optional<GeneratedCode> explained = explained(offline.get());
                generated = explained.isPresent() ? explained : generated;
            }
            if (generated.isPresent()) {
                code = generated.get();
            } else if (attempt.neededSeconds().isPresent()) {
                // the explainer would have worked it out in a longer video: saying so helps the person more than
                // a scene that only shows the problem
                int needed = attempt.neededSeconds().getAsInt();
                log.warn("no provider wrote valid code, and the explanation needs " + needed + " s of video; "
                        + settings.maxDurationSeconds() + " s are allowed");
                return CodegenResults.tooLong(needed);
            } else {
                log.warn("no provider wrote valid code; writing the scene that shows the problem without AI");
                CheckResult check = checker.check(degradedScene.write(settings));
                if (!check.ok()) {
                    log.warn("the degraded scene failed its check: " + check.describeError());
                    return CodegenResults.failed(
                            Outcome.PROVIDER_ERROR,
                            "No AI provider could write the scene, and the fallback scene could not be prepared.");
                }
                code = GeneratedCode.withoutAi(check);
            }
        } catch (CheckerException e) {
            log.warn(e.getMessage());
            return CodegenResults.failed(Outcome.INTERNAL_ERROR, "The code check could not run: " + e.getMessage());
        }
        byte[] bytes = code.code().getBytes(StandardCharsets.UTF_8);
        try {
            storage.put(
                    "code upload",
                    settings.codePutUrl(),
                    bytes,
                    "text/x-python; charset=utf-8",
                    Deadline.after(TRANSFER_BUDGET, clock));
        } catch (IOException e) {
            log.warn(e.getMessage());
            return CodegenResults.notStored(code);
        }
        log.info("stored " + bytes.length + " bytes of code"
                + (code.degraded() ? " (degraded)" : code.offline() ? " (offline explainer)" : ""));
        return CodegenResults.stored(code, sha256(bytes), bytes.length);
    }

    /** The explainer's scene, through the same check as AI code (it is rendered like any untrusted code). */
    private Optional<GeneratedCode> explained(OfflineExplainer.Explanation explanation) throws CheckerException {
        CheckResult check = checker.check(explanation.code());
        if (!check.ok()) {
            log.warn("the offline explainer's scene failed its check: " + check.describeError());
            return Optional.empty();
        }
        log.info("no provider wrote valid code with a right result; using the offline explainer's " + explanation.kind()
                + " scene");
        return Optional.of(GeneratedCode.explained(check));
    }

    /** The previous attempt's code; without it the repair prompt still carries the error. */
    private String previousCode() {
        if (settings.previousCodeUrl() == null) {
            return null;
        }
        try {
            return storage.get(
                    "previous code download", settings.previousCodeUrl(), Deadline.after(TRANSFER_BUDGET, clock));
        } catch (IOException e) {
            log.warn(e.getMessage() + "; repairing from the error alone");
            return null;
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JRE has SHA-256", e);
        }
    }

    /** The accessibility wishes the render applies as themes, by wire name (the explainer's palette follows). */
    static List<String> themes(CodegenSettings settings) {
        return settings.accessibility().stream()
                .filter(AccessibilityNeed::isTheme)
                .map(AccessibilityNeed::wireName)
                .toList();
    }
}
