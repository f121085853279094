package io.manimvideo.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.manimvideo.api.Phase;
import io.manimvideo.api.VideoJob;
import io.manimvideo.api.workload.Outcome;
import io.manimvideo.api.workload.WorkloadResult;
import io.manimvideo.api.workload.WorkloadResult.PlannedPart;
import io.manimvideo.api.workload.WorkloadResultCodec;
import io.manimvideo.operator.outcome.JobState;
import io.manimvideo.operator.testing.JobHold;
import io.manimvideo.operator.testing.KubeletStandIn.Ending;
import io.manimvideo.operator.testing.Results;
import io.manimvideo.operator.testing.VideoJobs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A long scene in the cluster (issue 27), on the real API server and Job controller: the attempt's render pod plans
 * it, the operator renders the parts as one Indexed Job and joins them, and the person gets one video.
 */
class RenderInPartsTest extends OperatorTestBase {
    private static final String PARTS_DONE = "{\"event\":\"progress\",\"stage\":\"uploading\",\"percent\":100}";

    @Override
    Map<String, String> settings() {
        return Map.of("MAX_CONCURRENT_RENDERS", "4", "RENDER_MAX_PARTS", "3", "RENDER_PART_RETRIES", "1");
    }

    @Test
    void aLongSceneIsPlannedRenderedInPartsOnOneIndexedJobAndJoinedIntoOneVideo() throws Exception {
        create(VideoJobs.directCode("web-long"));
        Job render = jobs.awaitJob("web-long-render-1");
        // the render pod may plan up to the per-job maximum: three slots are free besides its own
        assertThat(jobs.env(render, "MANIMRENDER_PLAN_MAX_PARTS")).isEqualTo("3");
        assertThat(jobs.env(render, "MANIMRENDER_PLAN_MIN_SECONDS")).isEqualTo("20");
        jobs.finish("web-long-render-1", Results.planned(new PlannedPart(0, 5, 10), new PlannedPart(6, 11, 30)));

        Job parts = jobs.awaitJob("web-long-parts-1");
        assertThat(parts.getSpec().getCompletionMode()).isEqualTo("Indexed");
        assertThat(parts.getSpec().getCompletions()).isEqualTo(2);
        assertThat(parts.getSpec().getParallelism()).isEqualTo(2);
        assertThat(parts.getSpec().getBackoffLimitPerIndex()).isEqualTo(1);
        assertThat(jobs.env(parts, "MANIMRENDER_PARTS")).isEqualTo("0-5,6-11");
        assertThat(jobs.env(parts, "MANIMRENDER_JOIN_INDEX"))
                .as("the last part joins them")
                .isEqualTo("1");
        VideoJob vj = awaitStatus("web-long", v -> v.getStatus().getParts() != null);
        assertThat(vj.getStatus().getPhase()).isEqualTo(Phase.RENDERING);
        assertThat(vj.getStatus().getParts()).isEqualTo(2);
        assertThat(vj.getStatus().getMessage()).isEqualTo("Rendering in 2 parts at once.");

        // one figure over both parts, each weighted by its length: the 10 s part done, the 30 s one half way
        jobs.putLine(parts, "MANIMRENDER_PART_PROGRESS_PUT_URLS", 0, PARTS_DONE);
        jobs.putLine(
                parts,
                "MANIMRENDER_PART_PROGRESS_PUT_URLS",
                1,
                "{\"event\":\"progress\",\"stage\":\"rendering\",\"percent\":50}");
        vj = awaitStatus("web-long", v -> v.getStatus().getProgress() == 62);
        assertThat(vj.getStatus().getMessage()).contains("62%");

        assertThat(jobs.putLine(parts, "MANIMRENDER_PART_VIDEO_PUT_URLS", 0, "part video 0"))
                .isEqualTo(200);
        assertThat(jobs.putLine(parts, "MANIMRENDER_PART_RESULT_PUT_URLS", 0, "{\"seconds\":10}"))
                .isEqualTo(200);
        jobs.putLine(parts, "MANIMRENDER_PART_PROGRESS_PUT_URLS", 0, PARTS_DONE);
        jobs.endIndex("web-long-parts-1", 0, part());
        // the parts run at once: each keeps its log in an object of its own (one would overwrite the other's)
        for (int i = 0; i < 2; i++) {
            assertThat(jobs.putLine(parts, "MANIMRENDER_PART_LOG_PUT_URLS", i, "log of part " + i))
                    .isEqualTo(200);
        }
        String logs = vj.getStatus().getStoragePrefix() + "logs/";
        assertThat(envt.store().readText(logs + "web-long-parts-1-0.txt")).contains("log of part 0");
        assertThat(envt.store().readText(logs + "web-long-parts-1-1.txt")).contains("log of part 1");

        // the last part read part 0 from storage, joined it to its own and stored the one video: no pod of its own
        jobs.lastPartJoins("web-long-parts-1", 1, Results.renderOk());

        vj = awaitPhase("web-long", Phase.READY);
        String prefix = vj.getStatus().getStoragePrefix();
        assertThat(vj.getStatus().getVideo().getObjectKey()).isEqualTo(prefix + "video.mp4");
        assertThat(vj.getStatus().getVideo().getCaptionsKey()).isEqualTo(prefix + "captions.vtt");
        assertThat(vj.getStatus().getVideo().getDurationSeconds()).isEqualTo(12.5);
        assertThat(vj.getStatus().getParts()).isEqualTo(2);
        assertThat(vj.getStatus().getProgress()).isEqualTo(100);
        assertThat(vj.getStatus().getAttempts()).isEqualTo(1);
        assertThat(jobs.job("web-long-join-1")).as("no join Job").isNull();
    }

    @Test
    void aFailedPartAloneIsRetriedAndWhenItFailsAgainTheEventNamesIt() throws Exception {
        create(VideoJobs.directCode("web-bad"));
        jobs.awaitJob("web-bad-render-1");
        jobs.finish("web-bad-render-1", Results.planned(new PlannedPart(0, 5, 20), new PlannedPart(6, 11, 20)));
        jobs.awaitJob("web-bad-parts-1");
        jobs.endIndex("web-bad-parts-1", 0, ok());
        Ending broken = failed("part 2 of 2: ZeroDivisionError: division by zero");
        jobs.endIndex("web-bad-parts-1", 1, broken);
        // backoffLimitPerIndex: a new pod for the failed part only
        jobs.endIndex("web-bad-parts-1", 1, broken);
        assertThat(jobs.podsOfIndex("web-bad-parts-1", 1)).hasSize(2);
        assertThat(jobs.podsOfIndex("web-bad-parts-1", 0)).hasSize(1);

        VideoJob vj = awaitPhase("web-bad", Phase.FAILED);
        assertThat(vj.getStatus().getMessage()).contains("part 2 of 2").contains("line 9");
        var failedEvents = envt.client().v1().events().inNamespace(envt.namespace()).list().getItems().stream()
                .filter(e -> "web-bad".equals(e.getInvolvedObject().getName()))
                .filter(e -> "Warning".equals(e.getType()))
                .map(e -> e.getMessage())
                .toList();
        assertThat(failedEvents).anySatisfy(m -> assertThat(m).contains("part 2 of 2"));
    }

    @Test
    void theVideoIsReadyOnceEveryPartsPodHasExitedNotWhenTheJobIsMarkedComplete() throws Exception {
        try (JobHold hold = JobHold.ends(envt.controlPlane(), envt.namespace())) {
            create(VideoJobs.directCode("web-quick"));
            jobs.finish("web-quick-render-1", Results.planned(new PlannedPart(0, 5, 20), new PlannedPart(6, 11, 20)));
            jobs.awaitJob("web-quick-parts-1");
            jobs.partSucceeds("web-quick-parts-1", 0, Results.partOk(6.0));
            jobs.lastPartJoins("web-quick-parts-1", 1, Results.renderOk());
            VideoJob vj = awaitPhase("web-quick", Phase.READY);
            assertThat(vj.getStatus().getVideo().getDurationSeconds())
                    .as("the last part's result is the video's, not the first part's")
                    .isEqualTo(12.5);
            assertThat(JobState.isFinished(jobs.job("web-quick-parts-1")))
                    .as("the parts Job is held: the video was taken from the parts' pods")
                    .isFalse();
            assertThat(jobs.job("web-quick-join-1")).isNull();
        }
    }

    @Test
    void theJoiningPartLostAfterItStoredTheVideoIsTriedAgainAndItsResultIsTheVideosWithNoNewAttempt() throws Exception {
        create(VideoJobs.directCode("web-joined"));
        jobs.finish("web-joined-render-1", Results.planned(new PlannedPart(0, 5, 20), new PlannedPart(6, 11, 20)));
        Job parts = jobs.awaitJob("web-joined-parts-1");
        jobs.partSucceeds("web-joined-parts-1", 0, Results.partOk(6.0));
        // the joining part stores its result and the video, then its pod is lost before it is read
        WorkloadResult joined = Results.renderOk(List.of());
        jobs.renderStores("web-joined-parts-1", joined);
        Pod lost = jobs.podsOfIndex("web-joined-parts-1", 1).get(0);
        envt.client().pods().resource(lost).withGracePeriod(0).delete();
        // the Job starts index 1 again; that try finds what the lost one stored (its GETs) and ends with it
        await().atMost(Duration.ofSeconds(20))
                .until(() -> jobs.podsOfIndex("web-joined-parts-1", 1).stream()
                        .anyMatch(p -> !p.getMetadata()
                                .getName()
                                .equals(lost.getMetadata().getName())));
        assertThat(jobs.get(parts, "MANIMRENDER_STORED_RESULT_URL").statusCode())
                .isEqualTo(200);
        assertThat(jobs.get(parts, "MANIMRENDER_STORED_VIDEO_URL").statusCode()).isEqualTo(200);
        jobs.endIndex("web-joined-parts-1", 1, Ending.reported(joined, new WorkloadResultCodec().write(joined)));

        VideoJob vj = awaitPhase("web-joined", Phase.READY);
        assertThat(vj.getStatus().getAttempts()).isEqualTo(1);
        assertThat(vj.getStatus().getVideo().getSizeBytes()).isEqualTo(123456L);
        assertThat(jobs.job("web-joined-render-2")).isNull();
        assertThat(jobs.job("web-joined-join-1")).isNull();
    }

    @Test
    void aSceneThePodRenderedItselfNeedsNoFurtherPod() throws Exception {
        create(VideoJobs.directCode("web-short"));
        // told it may plan, the pod found the scene short and rendered it: its result is the video's
        assertThat(jobs.env(jobs.awaitJob("web-short-render-1"), "MANIMRENDER_PLAN_MAX_PARTS"))
                .isEqualTo("3");
        jobs.renderSucceeds("web-short-render-1");
        VideoJob vj = awaitPhase("web-short", Phase.READY);
        assertThat(vj.getStatus().getParts()).isNull();
        assertThat(jobs.job("web-short-parts-1")).isNull();
        assertThat(jobs.job("web-short-join-1")).isNull();
    }

    /** A part that stored its video and result: its result is a part's (6 s of the video), not the video's. */
    private static Ending part() {
        WorkloadResult part = Results.partOk(6.0);
        return Ending.reported(part, new WorkloadResultCodec().write(part));
    }

    private static Ending ok() {
        return Ending.reported(Results.renderOk(), new WorkloadResultCodec().write(Results.renderOk()));
    }

    private static Ending failed(String message) {
        WorkloadResult result = Results.failure(WorkloadResult.RENDER, Outcome.RENDER_ERROR, message, 9);
        return new Ending(false, 1, "Error", new WorkloadResultCodec().write(result), null, null);
    }
}
