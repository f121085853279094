package io.manimvideo.operator.reconcile;

import static io.manimvideo.operator.reconcile.PhaseFixture.aiCode;
import static io.manimvideo.operator.reconcile.PhaseFixture.condition;
import static io.manimvideo.operator.reconcile.PhaseFixture.on;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.manimvideo.api.ErrorInfo;
import io.manimvideo.api.FailureReason;
import io.manimvideo.api.Phase;
import io.manimvideo.api.VideoFacts;
import io.manimvideo.api.VideoJob;
import io.manimvideo.api.VideoJobStatus;
import io.manimvideo.operator.outcome.JobOutcome;
import io.manimvideo.operator.status.PhaseTransitions.Transition;
import io.manimvideo.operator.workload.Workload;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What follows a failed child Job: the retry budget, who is blamed, and what the person reads. */
@Tag("unit")
class RetryBudgetTest {
    private static final String NAME_ERROR = "NameError: name 'Sqaure' is not defined";

    private final PhaseFixture f = new PhaseFixture();

    @ParameterizedTest(name = "{0} {1} attempt {2}, {3} -> {4} {5}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      PROBLEM     | RENDER  | 1 | code  | AI_GENERATING   | tg-1-codegen-2 | code           | The code failed (Manim stopped with an error while running the code (line 3): NameError: name 'Sqaure' is not defined.); asking the AI to fix it.
      PROBLEM     | RENDER  | 3 | code  | AI_GENERATING   | tg-1-codegen-4 | code           | The code failed (Manim stopped with an error while running the code (line 3): NameError: name 'Sqaure' is not defined.); asking the AI to fix it.
      PROBLEM     | RENDER  | 4 | code  | FAILED          | -              | -              | Gave up after 4 attempts. Last error: Manim stopped with an error while running the code (line 3): NameError: name 'Sqaure' is not defined.
      PROBLEM     | RENDER  | 2 | infra | CODE_VALIDATING | tg-1-render-3  | infrastructure | Retrying: The render step was interrupted: the machine it ran on needed the room.
      PROBLEM     | CODEGEN | 1 | infra | AI_GENERATING   | tg-1-codegen-2 | infrastructure | Retrying: The render step was interrupted: the machine it ran on needed the room.
      PROBLEM     | CODEGEN | 4 | infra | FAILED          | -              | -              | Gave up after 4 attempts. Last error: The render step was interrupted: the machine it ran on needed the room.
      DIRECT_CODE | RENDER  | 1 | code  | FAILED          | -              | -              | Manim stopped with an error while running the code (line 3): NameError: name 'Sqaure' is not defined.
      DIRECT_CODE | RENDER  | 1 | infra | CODE_VALIDATING | tg-2-render-2  | infrastructure | Retrying: The render step was interrupted: the machine it ran on needed the room.
      DIRECT_CODE | RENDER  | 4 | infra | FAILED          | -              | -              | Gave up after 4 attempts. Last error: The render step was interrupted: the machine it ran on needed the room.
      """)
    void aFailureIsRetriedWithinTheBudget(
            String type,
            Workload workload,
            int attempt,
            String blame,
            Phase phase,
            String nextJob,
            String retryCause,
            String message) {
        VideoJob vj = type.equals("PROBLEM") ? PhaseFixture.problem() : PhaseFixture.directCode();
        var step = workload.child(vj.getMetadata().getName(), attempt);
        on(vj, workload == Workload.CODEGEN ? Phase.AI_GENERATING : Phase.RENDERING, step);
        vj.getStatus().setCode(workload == Workload.RENDER ? aiCode(vj, attempt) : null);
        JobOutcome outcome = blame.equals("code")
                ? JobOutcome.codeFailure(FailureReason.RENDER_ERROR, NAME_ERROR, 3, null)
                : JobOutcome.infrastructure(
                        ErrorInfo.of(FailureReason.POD_EVICTED, null).withName("render"));

        var w = PhaseFixture.finished(vj, step, outcome);
        f.retries.failed(w, outcome);

        VideoJobStatus s = vj.getStatus();
        assertThat(s.getPhase()).isEqualTo(phase);
        assertThat(s.getLastError().getReason()).isEqualTo(outcome.reason());
        assertThat(s.getLastError().getAttempt()).isEqualTo(attempt);
        if (nextJob == null) {
            assertThat(f.created).isEmpty();
            assertThat(s.getMessage()).isEqualTo(message);
            assertThat(s.getActiveJob()).isNull();
            assertThat(condition(vj, "Failed"))
                    .isEqualTo("True/" + outcome.reason().wireName());
            assertThat(f.counter("manimvideo_retries_total", "cause", "code")
                            + f.counter("manimvideo_retries_total", "cause", "infrastructure"))
                    .isZero();
        } else {
            assertThat(f.createdNames()).containsExactly(nextJob);
            assertThat(s.getAttempts()).isEqualTo(attempt + 1);
            assertThat(w.t().transitions())
                    .extracting(Transition::phase, Transition::message)
                    .contains(tuple(Phase.QUEUED, message));
            assertThat(f.counter("manimvideo_retries_total", "cause", retryCause))
                    .isEqualTo(1);
        }
    }

    @Test
    void anExplanationLongerThanTheJobAllowsFailsAtOnceSayingTheLengthItNeeds() {
        VideoJob vj = PhaseFixture.problem();
        var step = Workload.CODEGEN.child(vj.getMetadata().getName(), 1);
        on(vj, Phase.AI_GENERATING, step);
        JobOutcome outcome = JobOutcome.refused(ErrorInfo.of(FailureReason.EXPLANATION_TOO_LONG, null)
                .withName("codegen")
                .withLimit(67L));

        f.retries.failed(PhaseFixture.finished(vj, step, outcome), outcome);

        // no second attempt: the same problem with the same maximum length would end the same way
        VideoJobStatus s = vj.getStatus();
        assertThat(f.created).isEmpty();
        assertThat(s.getPhase()).isEqualTo(Phase.FAILED);
        assertThat(s.getLastError().getReason()).isEqualTo(FailureReason.EXPLANATION_TOO_LONG);
        assertThat(s.getLastError().getLimit()).isEqualTo(67L);
        assertThat(s.getMessage())
                .startsWith("Explained step by step, this problem needs a video of at least 67 seconds");
        assertThat(condition(vj, "Failed")).isEqualTo("True/ExplanationTooLong");
    }

    @Test
    void aFailedLayoutRepairDeliversTheKeptVideo() {
        VideoJob vj = PhaseFixture.problem();
        var step = Workload.CODEGEN.child("tg-1", 3);
        on(vj, Phase.AI_GENERATING, step);
        VideoFacts video = new VideoFacts();
        video.setObjectKey(vj.getStatus().getStoragePrefix() + "video.mp4");
        vj.getStatus().setVideo(video);
        vj.getStatus().setKeptVideoCode(aiCode(vj, 2));
        vj.getStatus().setLayoutWarnings(List.of("line 7: severe: Text 'Title' is partly outside the frame"));
        JobOutcome outcome = JobOutcome.infrastructure(ErrorInfo.of(FailureReason.PROVIDER_ERROR, null));

        f.retries.failed(PhaseFixture.finished(vj, step, outcome), outcome);

        VideoJobStatus s = vj.getStatus();
        assertThat(f.created).isEmpty();
        assertThat(s.getPhase()).isEqualTo(Phase.READY);
        assertThat(s.getMessage())
                .startsWith("Your video is ready; fixing its layout did not work (No AI service could write the"
                        + " animation.). Layout warnings: line 7: severe:");
        assertThat(s.getCode()).usingRecursiveComparison().isEqualTo(aiCode(vj, 2));
        assertThat(s.getVideo().getObjectKey()).endsWith("video.mp4");
        assertThat(condition(vj, "Ready")).isEqualTo("True/VideoReady");
    }
}
