package io.manimvideo.operator.parts;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.manimvideo.api.VideoJob;
import io.manimvideo.operator.config.OperatorConfig;
import io.manimvideo.operator.outcome.JobOutcomeReader;
import io.manimvideo.operator.storage.ArtifactStore;
import io.manimvideo.operator.testing.VideoJobs;
import io.manimvideo.operator.workload.RenderJobFactory;
import io.manimvideo.operator.workload.SandboxJobBuilder;
import io.manimvideo.operator.workload.Workload;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class IndexedRenderJobFactoryTest {
    private final OperatorConfig config =
            OperatorConfig.fromEnv(Map.of("POD_NAMESPACE", "videos", "STORAGE_ENDPOINT", "http://127.0.0.1:9"));
    private final ArtifactStore store = new ArtifactStore(config.storage());
    private final RenderJobFactory renders =
            new RenderJobFactory(config, store, new SandboxJobBuilder(config.jobTtlAfterFinishedSeconds()));
    private final IndexedRenderJobFactory factory = new IndexedRenderJobFactory(config, store, renders, 2);
    private final RenderParts parts = new RenderParts(List.of(
            new RenderParts.Range(0, 3, 20), new RenderParts.Range(4, 7, 20), new RenderParts.Range(8, 11, 20)));

    private static VideoJob vj() {
        return VideoJobs.admitted(VideoJobs.directCode("web-long"));
    }

    private static Map<String, String> env(Job job) {
        return VideoJobs.env(job);
    }

    @Test
    void oneIndexedJobPerAttemptRetriesOnlyTheIndexThatFailed() {
        Job job = factory.create(vj(), 2, "code.py", parts, 2);

        // a Job of its own after the attempt's render pod, which planned the parts
        assertThat(job.getMetadata().getName()).isEqualTo("web-long-parts-2");
        assertThat(job.getMetadata().getLabels()).containsEntry(Workload.WORKLOAD_LABEL, "parts");
        assertThat(RenderParts.of(job)).contains(parts);
        assertThat(job.getSpec().getCompletionMode()).isEqualTo("Indexed");
        assertThat(job.getSpec().getCompletions()).isEqualTo(3);
        assertThat(job.getSpec().getParallelism()).isEqualTo(2);
        assertThat(job.getSpec().getBackoffLimitPerIndex()).isEqualTo(2);
        assertThat(job.getSpec().getMaxFailedIndexes()).isZero();
        assertThat(job.getSpec().getBackoffLimit()).isNull();
        assertThat(RenderPods.stillToRun(job, List.of())).isEqualTo(2);
    }

    @Test
    void eachIndexFindsItsRangeAndItsOwnUploads() {
        Map<String, String> env = env(factory.create(vj(), 1, "code.py", parts, 3));

        assertThat(env).containsEntry("MANIMRENDER_PARTS", "0-3,4-7,8-11");
        assertThat(env).containsKey("MANIMRENDER_CODE_URL");
        assertThat(env.keySet()).doesNotContainAnyElementsOf(IndexedRenderJobFactory.NOT_FOR_PARTS);
        List<String> videos = List.of(env.get("MANIMRENDER_PART_VIDEO_PUT_URLS").split("\n"));
        assertThat(videos).hasSize(3);
        assertThat(videos.get(1)).contains("/parts/attempt-1/part-1.mp4");
        assertThat(env.get("MANIMRENDER_PART_RESULT_PUT_URLS").split("\n")[2]).contains("/parts/attempt-1/part-2.json");
        assertThat(env.get("MANIMRENDER_PART_PROGRESS_PUT_URLS").split("\n")[0])
                .contains("/progress/attempt-1-part-0.json");
    }

    @Test
    void theLastIndexJoinsThePartsItReadsFromStorageIntoTheVideoAndItsResultIsTheJobs() {
        Job job = factory.create(vj(), 1, "code.py", parts, 3);
        Map<String, String> env = env(job);

        assertThat(env).containsEntry("MANIMRENDER_JOIN_INDEX", "2");
        assertThat(job.getMetadata().getAnnotations()).containsEntry(JobOutcomeReader.RESULT_INDEX, "2");
        List<String> stored = List.of(env.get("MANIMRENDER_PART_RESULT_URLS").split("\n"));
        assertThat(stored).hasSize(3);
        assertThat(stored.get(0)).contains("/parts/attempt-1/part-0.json");
        assertThat(env.get("MANIMRENDER_PART_VIDEO_URLS").split("\n")[1]).contains("/parts/attempt-1/part-1.mp4");
        assertThat(env.get("MANIMRENDER_VIDEO_PUT_URL")).contains("video.mp4");
        assertThat(env)
                .containsKeys(
                        "MANIMRENDER_THUMBNAIL_PUT_URL",
                        "MANIMRENDER_CAPTIONS_PUT_URL",
                        "MANIMRENDER_TRANSCRIPT_PUT_URL",
                        "MANIMRENDER_RESULT_PUT_URL");
    }

    @Test
    void eachPartWritesItsLogToAnObjectOfItsOwnNotTheOneLogOfASingleRender() {
        Map<String, String> env = env(factory.create(vj(), 1, "code.py", parts, 3));

        assertThat(env).doesNotContainKey("MANIMRENDER_LOG_PUT_URL");
        List<String> logs = List.of(env.get("MANIMRENDER_PART_LOG_PUT_URLS").split("\n"));
        assertThat(logs).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(logs.get(i)).contains("/logs/web-long-parts-1-" + i + ".txt");
        }
    }

    @Test
    void aSingleRenderKeepsOnePod() {
        assertThat(RenderPods.stillToRun(renders.create(vj(), 1, "code.py"), List.of()))
                .isEqualTo(1);
    }

    @Test
    void aPartsSlotIsFreeOncePartsThatExited0LeaveFewerToRunThanItsParallelism() {
        Job job = factory.create(vj(), 1, "code.py", parts, 2);
        assertThat(RenderPods.stillToRun(job, List.of())).isEqualTo(2);
        assertThat(RenderPods.stillToRun(job, List.of(pod(0, 0))))
                .as("two parts left")
                .isEqualTo(2);
        assertThat(RenderPods.stillToRun(job, List.of(pod(0, 0), pod(1, 0)))).isEqualTo(1);
        assertThat(RenderPods.stillToRun(job, List.of(pod(0, 0), pod(1, 1))))
                .as("a failed part may run again")
                .isEqualTo(2);
        assertThat(RenderPods.stillToRun(job, List.of(pod(0, 0), pod(1, 0), pod(2, 0))))
                .isZero();
    }

    /** A pod of part {@code index} whose workload container exited with {@code exitCode}. */
    private static Pod pod(int index, int exitCode) {
        return new PodBuilder()
                .withNewMetadata()
                .withName("web-long-parts-1-" + index)
                .addToAnnotations(JobOutcomeReader.COMPLETION_INDEX, String.valueOf(index))
                .endMetadata()
                .withNewStatus()
                .addNewContainerStatus()
                .withName(Workload.CONTAINER)
                .withNewState()
                .withNewTerminated()
                .withExitCode(exitCode)
                .endTerminated()
                .endState()
                .endContainerStatus()
                .endStatus()
                .build();
    }
}
