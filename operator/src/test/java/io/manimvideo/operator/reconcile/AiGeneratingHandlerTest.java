package io.manimvideo.operator.reconcile;

import static io.manimvideo.operator.reconcile.PhaseFixture.codegen;
import static io.manimvideo.operator.reconcile.PhaseFixture.on;
import static io.manimvideo.operator.reconcile.PhaseFixture.running;
import static io.manimvideo.operator.reconcile.PhaseFixture.succeeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.manimvideo.api.CodeRef;
import io.manimvideo.api.ErrorInfo;
import io.manimvideo.api.FailureReason;
import io.manimvideo.api.MathVerified;
import io.manimvideo.api.Phase;
import io.manimvideo.api.VideoJob;
import io.manimvideo.api.VideoJobStatus;
import io.manimvideo.api.workload.Outcome;
import io.manimvideo.api.workload.WorkloadResult;
import io.manimvideo.operator.outcome.JobOutcome;
import io.manimvideo.operator.status.PhaseTransitions.Transition;
import io.manimvideo.operator.testing.Results;
import io.manimvideo.operator.testing.VideoJobs;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** AIGenerating: what the status says while the code is written and once it is. */
@Tag("unit")
class AiGeneratingHandlerTest {
    private final PhaseFixture f = new PhaseFixture();

    @Test
    void whileTheCodegenJobRunsNothingChanges() {
        VideoJob vj = on(PhaseFixture.problem(), Phase.AI_GENERATING, codegen(PhaseFixture.problem(), 1));
        vj.getStatus().setMessage("Writing the animation code (attempt 1).");

        var w = running(vj, codegen(vj, 1), null);
        Duration next = f.aiGenerating.handle(w);

        assertThat(vj.getStatus().getPhase()).isEqualTo(Phase.AI_GENERATING);
        assertThat(vj.getStatus().getMessage()).isEqualTo("Writing the animation code (attempt 1).");
        assertThat(w.t().transitions()).isEmpty();
        assertThat(f.created).isEmpty();
        assertThat(next).isEqualTo(f.config.lifecycleCheckInterval());
    }

    static Stream<Arguments> writtenCode() {
        return Stream.of(
                Arguments.of(
                        Results.codegenOk(VideoJobs.CODE),
                        CodeRef.Source.AI,
                        "groq",
                        false,
                        MathVerified.TRUE,
                        "The code is written; waiting for a render slot."),
                Arguments.of(
                        Results.codegenExplained(VideoJobs.CODE),
                        CodeRef.Source.EXPLAINER,
                        WorkloadResult.OFFLINE_EXPLAINER,
                        false,
                        MathVerified.TRUE,
                        "The code is written; waiting for a render slot."),
                Arguments.of(
                        degraded(),
                        CodeRef.Source.DEGRADED,
                        null,
                        true,
                        MathVerified.UNKNOWN,
                        "No AI provider answered; rendering a plain presentation of the problem."));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("writtenCode")
    void writtenCodeIsRecordedAndItsRenderStarts(
            WorkloadResult result,
            CodeRef.Source source,
            String provider,
            boolean degraded,
            MathVerified verified,
            String queuedMessage) {
        VideoJob vj = on(PhaseFixture.problem(), Phase.AI_GENERATING, codegen(PhaseFixture.problem(), 1));

        var w = succeeded(vj, codegen(vj, 1), result);
        f.aiGenerating.handle(w);

        VideoJobStatus s = vj.getStatus();
        assertThat(s.getCode().getSource()).isEqualTo(source);
        assertThat(s.getCode().getObjectKey()).endsWith("/code/attempt-1.py");
        assertThat(s.getCode().getSha256()).isEqualTo(result.codeSha256());
        assertThat(s.getAiProvider()).isEqualTo(provider);
        assertThat(s.getGracefulDegradationUsed()).isEqualTo(degraded);
        assertThat(s.getMathVerified()).isEqualTo(verified);
        assertThat(f.createdNames()).containsExactly("tg-1-render-1");
        assertThat(s.getPhase()).isEqualTo(Phase.CODE_VALIDATING);
        assertThat(w.t().transitions())
                .extracting(Transition::phase, Transition::step, Transition::message)
                .containsExactly(
                        tuple(Phase.QUEUED, "tg-1-render-1", queuedMessage),
                        tuple(Phase.CODE_VALIDATING, "tg-1-render-1", "Checking the code (attempt 1)."));
    }

    @Test
    void aFailedCodegenIsRetried() {
        VideoJob vj = on(PhaseFixture.problem(), Phase.AI_GENERATING, codegen(PhaseFixture.problem(), 1));

        f.aiGenerating.handle(PhaseFixture.finished(
                vj, codegen(vj, 1), JobOutcome.infrastructure(ErrorInfo.of(FailureReason.UPLOAD_ERROR, null))));

        assertThat(f.createdNames()).containsExactly("tg-1-codegen-2");
        assertThat(vj.getStatus().getLastError().getReason()).isEqualTo(FailureReason.UPLOAD_ERROR);
        assertThat(vj.getStatus().getAttempts()).isEqualTo(2);
    }

    private static WorkloadResult degraded() {
        return new WorkloadResult(
                1,
                WorkloadResult.CODEGEN,
                Outcome.OK,
                "Degraded",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                Results.sha256("x"),
                1L,
                null,
                null,
                null,
                null,
                null,
                true,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }
}
