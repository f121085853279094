package io.manimvideo.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.manimvideo.api.CodeRef;
import io.manimvideo.api.FailureReason;
import io.manimvideo.api.Phase;
import io.manimvideo.api.VideoJob;
import io.manimvideo.api.workload.Outcome;
import io.manimvideo.api.workload.WorkloadResult;
import io.manimvideo.operator.testing.Results;
import io.manimvideo.operator.testing.VideoJobs;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Severe layout findings: one repair for AI code, warnings for code the person sent. */
class LayoutRepairTest extends OperatorTestBase {
    private static final String SEVERE = "line 12: severe: Text 'x^2' is 60% outside the frame";
    private static final String MILD = "line 9: Text 'Area' is 4% outside the frame";

    @Test
    void aiCodeWithSevereFindingsGetsOneRepairCarryingThemAndKeepsTheFirstVideoIfTheRepairFails() throws Exception {
        create(VideoJobs.problem("tg-lay"));
        jobs.codegenSucceeds("tg-lay-codegen-1", VideoJobs.CODE);
        jobs.renderSucceeds("tg-lay-render-1", Results.renderOk(List.of(MILD, SEVERE)));

        Job repair = jobs.awaitJob("tg-lay-codegen-2");
        assertThat(jobs.env(repair, "CODEGEN_PREVIOUS_ERROR")).contains(SEVERE).doesNotContain(MILD);
        assertThat(jobs.get(repair, "CODEGEN_PREVIOUS_CODE_URL").body()).isEqualTo(VideoJobs.CODE);
        VideoJob vj = awaitPhase("tg-lay", Phase.AI_GENERATING);
        assertThat(vj.getStatus().getLastError().getReason()).isEqualTo(FailureReason.LAYOUT_SEVERE);

        jobs.codegenSucceeds("tg-lay-codegen-2", VideoJobs.CODE.replace("Circle", "Square"));
        jobs.finish(
                "tg-lay-render-2",
                Results.failure(
                        WorkloadResult.RENDER, Outcome.RENDER_ERROR, "NameError: name 'Sqare' is not defined", 4));

        vj = awaitPhase("tg-lay", Phase.READY);
        var s = vj.getStatus();
        assertThat(s.getCode().getObjectKey()).endsWith("code/attempt-1.py"); // the code of the video delivered
        assertThat(s.getCode().getSha256()).isEqualTo(Results.sha256(VideoJobs.CODE));
        assertThat(s.getVideo().getObjectKey()).isEqualTo(s.getStoragePrefix() + "video.mp4");
        assertThat(envt.store().exists(s.getVideo().getObjectKey())).isTrue();
        assertThat(s.getLayoutWarnings()).containsExactly(MILD, SEVERE);
        assertThat(s.getMessage()).contains("fixing its layout did not work").contains("Layout warnings: " + MILD);
        assertThat(s.getKeptVideoCode()).isNull();
        assertThat(jobs.job("tg-lay-codegen-3")).isNull();
        assertThat(envt.registry().scrape()).contains("manimvideo_retries_total{cause=\"layout\"} 1.0");
    }

    @Test
    void theRepairedVideoReplacesTheFirstWhenItRendersAndIsNotRepairedAgain() throws Exception {
        create(VideoJobs.problem("tg-lay2"));
        jobs.codegenSucceeds("tg-lay2-codegen-1", VideoJobs.CODE);
        jobs.renderSucceeds("tg-lay2-render-1", Results.renderOk(List.of(SEVERE)));
        String fixed = VideoJobs.CODE.replace("Circle", "Square");
        jobs.codegenSucceeds("tg-lay2-codegen-2", fixed);
        String stillOff = "line 3: severe: Text 'y' is outside the frame (not seen)";
        jobs.renderSucceeds("tg-lay2-render-2", Results.renderOk(List.of(stillOff)));

        VideoJob vj = awaitPhase("tg-lay2", Phase.READY);
        assertThat(vj.getStatus().getCode().getSha256()).isEqualTo(Results.sha256(fixed));
        assertThat(vj.getStatus().getLayoutWarnings()).containsExactly(stillOff);
        assertThat(vj.getStatus().getMessage()).isEqualTo("Your video is ready. Layout warnings: " + stillOff + ".");
        assertThat(vj.getStatus().getAttempts()).isEqualTo(2);
        assertThat(jobs.job("tg-lay2-codegen-3")).isNull();
    }

    @Test
    void directCodeWithSevereFindingsIsReadyWithTheWarningsAndNoRetry() throws Exception {
        create(VideoJobs.directCode("web-lay"));
        jobs.renderSucceeds("web-lay-render-1", Results.renderOk(List.of(SEVERE)));
        VideoJob vj = awaitPhase("web-lay", Phase.READY);
        assertThat(vj.getStatus().getMessage()).isEqualTo("Your video is ready. Layout warnings: " + SEVERE + ".");
        assertThat(vj.getStatus().getLayoutWarnings()).containsExactly(SEVERE);
        assertThat(vj.getStatus().getAttempts()).isEqualTo(1);
        assertThat(vj.getStatus().getCode().getSource()).isEqualTo(CodeRef.Source.USER);
        assertThat(jobs.job("web-lay-codegen-2")).isNull();
    }

    @Test
    void theOfflineExplainersSceneIsNotSentBackToAnAi() throws Exception {
        create(VideoJobs.problem("tg-lay3"));
        jobs.codegenSucceeds("tg-lay3-codegen-1", VideoJobs.CODE, Results.codegenExplained(VideoJobs.CODE));
        jobs.renderSucceeds("tg-lay3-render-1", Results.renderOk(List.of(SEVERE)));
        VideoJob vj = awaitPhase("tg-lay3", Phase.READY);
        assertThat(vj.getStatus().getAttempts()).isEqualTo(1);
        assertThat(vj.getStatus().getMessage()).contains("Layout warnings: " + SEVERE);
        assertThat(jobs.job("tg-lay3-codegen-2")).isNull();
    }
}
