package io.manimvideo.operator.reconcile;

import static io.manimvideo.operator.reconcile.PhaseFixture.NOW;
import static io.manimvideo.operator.reconcile.PhaseFixture.aiCode;
import static io.manimvideo.operator.reconcile.PhaseFixture.condition;
import static io.manimvideo.operator.reconcile.PhaseFixture.on;
import static io.manimvideo.operator.reconcile.PhaseFixture.render;
import static io.manimvideo.operator.reconcile.PhaseFixture.running;
import static io.manimvideo.operator.reconcile.PhaseFixture.succeeded;
import static org.assertj.core.api.Assertions.assertThat;

import io.manimvideo.api.CodeRef;
import io.manimvideo.api.FailureReason;
import io.manimvideo.api.Phase;
import io.manimvideo.api.VideoJob;
import io.manimvideo.api.VideoJobStatus;
import io.manimvideo.operator.status.PhaseTransitions;
import io.manimvideo.operator.testing.Results;
import io.manimvideo.operator.workload.RenderProgress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** CodeValidating, Rendering and Uploading: the render Job's phases, while it runs and once it has succeeded. */
@Tag("unit")
class RenderPhaseHandlersTest {
    private final PhaseFixture f = new PhaseFixture();

    private RenderPhaseHandler handler(Phase phase) {
        return Map.of(
                        Phase.CODE_VALIDATING,
                        f.codeValidating,
                        Phase.RENDERING,
                        f.rendering,
                        Phase.UPLOADING,
                        f.uploading)
                .get(phase);
    }

    private static VideoJob renderingJob(Phase phase) {
        VideoJob vj = PhaseFixture.problem();
        on(vj, phase, render(vj, 2));
        vj.getStatus().setCode(aiCode(vj, 2));
        return vj;
    }

    @ParameterizedTest(name = "{0} + pod reports {1} {2}% -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
      CODE_VALIDATING | CODE_VALIDATING | 0   | CODE_VALIDATING | Checking the code (attempt 2).
      CODE_VALIDATING | RENDERING       | 0   | RENDERING       | Rendering: 0%.
      CODE_VALIDATING | UPLOADING       | 100 | UPLOADING       | Uploading the video.
      RENDERING       | RENDERING       | 42  | RENDERING       | Rendering: 42%.
      RENDERING       | UPLOADING       | 100 | UPLOADING       | Uploading the video.
      UPLOADING       | UPLOADING       | 100 | UPLOADING       | Uploading the video.
      """)
    void aRunningRenderFollowsTheStageItsPodReports(
            Phase phase, Phase stage, int percent, Phase expected, String message) {
        VideoJob vj = renderingJob(phase);

        Duration next = handler(phase).handle(running(vj, render(vj, 2), new RenderProgress(stage, percent)));

        assertThat(vj.getStatus().getPhase()).isEqualTo(expected);
        assertThat(vj.getStatus().getMessage()).isEqualTo(message);
        assertThat(vj.getStatus().getProgress()).isEqualTo(percent);
        assertThat(condition(vj, "Ready")).isEqualTo("False/" + PhaseTransitions.reasonOf(expected));
        assertThat(next).isEqualTo(f.config.progressPollInterval());
    }

    @Test
    void beforeTheFirstProgressReportThePhaseStays() {
        VideoJob vj = renderingJob(Phase.CODE_VALIDATING);
        vj.getStatus().setMessage("Checking the code (attempt 2).");

        var w = running(vj, render(vj, 2), null);
        f.codeValidating.handle(w);

        assertThat(vj.getStatus().getPhase()).isEqualTo(Phase.CODE_VALIDATING);
        assertThat(vj.getStatus().getMessage()).isEqualTo("Checking the code (attempt 2).");
        assertThat(w.t().transitions()).isEmpty();
    }

    @ParameterizedTest(name = "a render that ended during {0} is recorded as {1} first")
    @CsvSource(delimiter = '|', textBlock = """
      CODE_VALIDATING | RENDERING | Rendering: 100%.
      RENDERING       | UPLOADING | Uploading the video.
      """)
    void stagesARenderPassedBetweenTwoReadsAreRecordedInOrder(Phase phase, Phase next, String message) {
        VideoJob vj = renderingJob(phase);

        Duration delay = handler(phase).handle(succeeded(vj, render(vj, 2), Results.renderOk()));

        assertThat(vj.getStatus().getPhase()).isEqualTo(next);
        assertThat(vj.getStatus().getMessage()).isEqualTo(message);
        assertThat(vj.getStatus().getVideo()).as("not Ready yet").isNull();
        assertThat(delay).isEqualTo(RenderPhaseHandler.MISSED_STAGE_DELAY);
    }

    @Test
    void anUploadedVideoMakesTheJobReady() {
        VideoJob vj = renderingJob(Phase.UPLOADING);
        vj.getStatus().setProgress(100);

        Duration next = f.uploading.handle(succeeded(vj, render(vj, 2), Results.renderOk()));

        VideoJobStatus s = vj.getStatus();
        assertThat(s.getPhase()).isEqualTo(Phase.READY);
        assertThat(s.getMessage())
                .isEqualTo("Your video is ready. Layout warnings: line 7: Text 'Title' is partly outside the frame.");
        assertThat(s.getVideo().getObjectKey()).isEqualTo(s.getStoragePrefix() + "video.mp4");
        assertThat(s.getVideo().getSizeBytes()).isEqualTo(123456L);
        assertThat(s.getVideo().getThumbnailKey()).isEqualTo(s.getStoragePrefix() + "thumbnail.png");
        assertThat(s.getVideo().getDeleted()).isFalse();
        assertThat(s.getRenderDurationSeconds()).isEqualTo(7.25);
        assertThat(s.getActiveJob()).isNull();
        assertThat(s.getReadyAt()).isEqualTo(NOW.toString());
        assertThat(s.getExpiresAt())
                .isEqualTo(NOW.plus(f.config.lifetimes().ready()).toString());
        assertThat(condition(vj, "Ready")).isEqualTo("True/VideoReady");
        assertThat(condition(vj, "Failed")).isEqualTo("False/NotFailed");
        assertThat(next).isEqualTo(f.config.lifetimes().ready());
    }

    @Test
    void severeLayoutFindingsInAiCodeAskTheAiForOneRepair() {
        VideoJob vj = renderingJob(Phase.UPLOADING);
        String severe = "line 7: severe: Text 'Title' is partly outside the frame";

        f.uploading.handle(succeeded(vj, render(vj, 2), Results.renderOk(List.of(severe))));

        VideoJobStatus s = vj.getStatus();
        assertThat(f.createdNames()).containsExactly("tg-1-codegen-3");
        assertThat(f.env("CODEGEN_PREVIOUS_ERROR"))
                .hasValueSatisfying(e -> assertThat(e).startsWith("the video's layout needs fixing: " + severe));
        assertThat(s.getPhase()).isEqualTo(Phase.AI_GENERATING);
        assertThat(s.getLastError().getReason()).isEqualTo(FailureReason.LAYOUT_SEVERE);
        assertThat(s.getKeptVideoCode()).usingRecursiveComparison().isEqualTo(aiCode(vj, 2));
        assertThat(s.getVideo().getObjectKey()).isEqualTo(s.getStoragePrefix() + "video.mp4");
        assertThat(s.getLayoutWarnings()).containsExactly(severe);
        assertThat(f.counter("manimvideo_retries_total", "cause", "layout")).isEqualTo(1);
    }

    @Test
    void noLayoutRepairOnceTheRetryBudgetIsSpent() {
        VideoJob vj = PhaseFixture.problem();
        on(vj, Phase.UPLOADING, render(vj, 4));
        vj.getStatus().setCode(aiCode(vj, 4));
        String severe = "line 7: severe: Text 'Title' is partly outside the frame";

        f.uploading.handle(succeeded(vj, render(vj, 4), Results.renderOk(List.of(severe))));

        assertThat(f.created).isEmpty();
        assertThat(vj.getStatus().getPhase()).isEqualTo(Phase.READY);
        assertThat(vj.getStatus().getMessage()).isEqualTo("Your video is ready. Layout warnings: " + severe + ".");
    }

    @Test
    void theSameFindingsInThePersonsOwnCodeAreOnlyWarnings() {
        VideoJob vj = renderingJob(Phase.UPLOADING);
        vj.getStatus().setCode(new CodeRef(CodeRef.Source.USER, "ab".repeat(32), "k", 1L));
        String severe = "line 7: severe: Text 'Title' is partly outside the frame";

        f.uploading.handle(succeeded(vj, render(vj, 2), Results.renderOk(List.of(severe))));

        assertThat(f.created).isEmpty();
        assertThat(vj.getStatus().getPhase()).isEqualTo(Phase.READY);
        assertThat(vj.getStatus().getMessage()).isEqualTo("Your video is ready. Layout warnings: " + severe + ".");
    }
}
