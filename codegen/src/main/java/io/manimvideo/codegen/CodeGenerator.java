package io.manimvideo.codegen;

import io.manimvideo.api.MathVerified;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Asks the providers in order until one writes code that passes the check and whose stated result is not
 * wrong. Each provider gets the conversation and, when its code fails the check or states a wrong result,
 * one more turn with the error ("your result 3x is not equal to 2x"); then the next provider is asked. A
 * provider that fails (after its retries) or times out is skipped the same way. An answer cut off before its
 * end (the check says {@code truncated}) gets one extra turn asking for the whole scene, shorter: it is not a
 * mistake to correct, so it does not use up the repair turn. The extra calls are counted in the result
 * ({@code truncatedCalls}, shown in the VideoJob's status) for the provider whose code is kept, as its tokens are.
 *
 * <p>Why a shorter whole scene rather than "continue where you stopped": an answer is cut off because it reached
 * the provider's output limit (4096 tokens on Workers AI, some 300 lines of Manim), so the scene was far longer
 * than a video of at most a minute needs, and the system prompt already asks for about half of that length; a
 * shorter scene also renders sooner. Where the cut falls says nothing about how much was still to come, so "near
 * the end" cannot be told from the text. A continuation would have to be joined to the cut text at an unknown
 * point (chat models restart the code block, repeat or re-indent lines), and the join is what the check would
 * then see: a second way to fail that the repair turn would have to undo. Asking again costs the same one call,
 * and its answer is checked as a whole.
 */
public final class CodeGenerator {
    /** The first answer plus one repair turn carrying the check's error. */
    static final int ROUNDS_PER_PROVIDER = 2;
    /** Extra turns per provider for answers that were cut off (each asks for a shorter, complete scene). */
    static final int EXTRA_ROUNDS_FOR_TRUNCATED = 1;

    private final List<ChatProvider> providers;
    private final PromptBuilder prompts;
    private final CodeExtractor extractor;
    private final CodeChecker checker;
    private final Clock clock;
    private final CodegenLog log;

    public CodeGenerator(
            List<ChatProvider> providers,
            PromptBuilder prompts,
            CodeExtractor extractor,
            CodeChecker checker,
            Clock clock,
            CodegenLog log) {
        this.providers = List.copyOf(providers);
        this.prompts = prompts;
        this.extractor = extractor;
        this.checker = checker;
        this.clock = clock;
        this.log = log;
    }

    /**
     * The first valid code whose result is not wrong; else the last valid code with a wrong result
     * ({@link MathVerified#FALSE}, for the caller to replace if it can); empty when no provider wrote valid code.
     *
     * @throws CheckerException when the check command itself is broken (asking more providers cannot help)
     */
    public Optional<GeneratedCode> generate(List<ChatMessage> opening, Deadline deadline, ResultCheck results)
            throws CheckerException {
        Optional<GeneratedCode> wrong = Optional.empty();
        for (ChatProvider provider : providers) {
            if (deadline.passed()) {
                log.warn("time for asking providers is used up; " + provider.name() + " and later ones not asked");
                break;
            }
            Optional<GeneratedCode> code = ask(provider, opening, deadline, results);
            if (code.isPresent() && code.get().mathVerified() != MathVerified.FALSE) {
                return code;
            }
            wrong = code.isPresent() ? code : wrong;
        }
        return wrong;
    }

    private Optional<GeneratedCode> ask(
            ChatProvider provider, List<ChatMessage> opening, Deadline deadline, ResultCheck results)
            throws CheckerException {
        List<ChatMessage> conversation = new ArrayList<>(opening);
        Usage usage = new Usage();
        Optional<GeneratedCode> wrong = Optional.empty();
        int rounds = ROUNDS_PER_PROVIDER;
        for (int round = 1; round <= rounds; round++) {
            log.info("asking " + provider.name() + " (" + provider.model() + ")" + (round > 1 ? " again" : ""));
            Instant start = clock.instant();
            ChatReply reply;
            try {
                reply = provider.complete(conversation, deadline);
            } catch (ProviderException e) {
                log.warn(e.getMessage() + "; trying the next provider");
                return wrong;
            } finally {
                usage.latency = usage.latency.plus(Duration.between(start, clock.instant()));
            }
            usage.add(reply);
            CheckResult check = checker.check(extractor.extract(reply.content()));
            conversation.add(ChatMessage.assistant(reply.content()));
            if (!check.ok() && check.truncated() && usage.truncatedCalls < EXTRA_ROUNDS_FOR_TRUNCATED) {
                usage.truncatedCalls++;
                rounds++;
                log.warn(provider.name() + "'s answer was cut off (" + check.describeError()
                        + "); asking for a shorter scene (extra call " + usage.truncatedCalls + ")");
                conversation.add(prompts.truncated(check.describeError()));
                continue;
            }
            if (!check.ok()) {
                log.warn(provider.name() + "'s code failed the check: " + check.describeError());
                conversation.add(prompts.checkFailed(check.describeError()));
                continue;
            }
            OfflineExplainer.Verdict verdict = results.verify(check.code());
            GeneratedCode code = new GeneratedCode(
                    check.code(),
                    check.repairs(),
                    provider.name(),
                    provider.model(),
                    usage.latency.toMillis(),
                    usage.prompt,
                    usage.completion,
                    false,
                    verdict.verified(),
                    usage.truncatedCalls);
            if (verdict.verified() == MathVerified.FALSE) {
                log.warn(provider.name() + "'s result is wrong: " + verdict.message());
                conversation.add(prompts.resultWrong(verdict.message()));
                wrong = Optional.of(code);
                continue;
            }
            log.info(provider.name() + " wrote scene " + check.scene() + " in " + usage.latency.toMillis() + " ms"
                    + (usage.truncatedCalls == 0
                            ? ""
                            : " (" + usage.truncatedCalls + " extra call for a cut-off answer)")
                    + (check.repairs().isEmpty() ? "" : "; repairs: " + String.join(", ", check.repairs()))
                    + "; result " + verdict.verified().name().toLowerCase(Locale.ROOT)
                    + (verdict.message().isEmpty() ? "" : " (" + verdict.message() + ")"));
            return Optional.of(code);
        }
        log.warn(provider.name() + " wrote no valid code with a right result; trying the next provider");
        return wrong;
    }

    /** What one provider's answers cost, summed over its rounds. */
    private static final class Usage {
        Duration latency = Duration.ZERO;
        Integer prompt;
        Integer completion;
        int truncatedCalls;

        void add(ChatReply reply) {
            prompt = sum(prompt, reply.promptTokens());
            completion = sum(completion, reply.completionTokens());
        }

        private static Integer sum(Integer total, Integer more) {
            return more == null ? total : total == null ? more : total + more;
        }
    }
}
