package io.manimvideo.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.manimvideo.api.Phase;
import io.manimvideo.api.VideoJob;
import io.manimvideo.operator.testing.ApiServerRequests;
import io.manimvideo.operator.testing.ApiServerRequests.Kind;
import io.manimvideo.operator.testing.DeletionHistory;
import io.manimvideo.operator.testing.VideoJobs;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * An admin deletes every VideoJob of a namespace at once ({@code kubectl delete vj --all}: one delete-collection
 * request) while they are in all the phases a busy operator has: generating code, rendering, queued for a render
 * slot, ready with a stored video.
 */
class BulkDeletionTest extends OperatorTestBase {
    private static final int PROBLEMS = 100;
    private static final int DIRECT = 100;
    private static final int RENDER_SLOTS = 40;
    private static final int READY = 10;

    @Override
    Map<String, String> settings() {
        return Map.of("MAX_CONCURRENT_RENDERS", Integer.toString(RENDER_SLOTS));
    }

    @Test
    void deletingAllVideoJobsAtOnceRemovesJobsPodsAndObjectsWithoutPatchingADeletedJob() throws Exception {
        IntStream.range(0, PROBLEMS).forEach(i -> create(VideoJobs.problem("tg-bulk-" + i)));
        IntStream.range(0, DIRECT).forEach(i -> create(VideoJobs.directCode("web-bulk-" + i)));
        for (int i = 0; i < READY; i++) {
            jobs.renderSucceeds("web-bulk-" + i + "-render-1");
        }
        await().atMost(Duration.ofSeconds(60))
                .until(() -> count(Phase.READY) == READY
                        && count(Phase.AI_GENERATING) == PROBLEMS
                        && count(Phase.QUEUED) == DIRECT - READY - RENDER_SLOTS
                        && childJobs() == PROBLEMS + READY + RENDER_SLOTS);
        assertThat(envt.store().list("")).hasSize(DIRECT + 4 * READY); // code of each direct job, four files per video
        ApiServerRequests requests = new ApiServerRequests(envt.controlPlane());
        Map<Kind, Double> before = requests.snapshot(Set.of("videojobs"));
        double failedBefore = failedReconciles();
        try (DeletionHistory history = new DeletionHistory(envt.client(), envt.namespace())) {

            VideoJobs.deleteAll(envt.controlPlane(), envt.namespace());

            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> envt.client()
                            .resources(VideoJob.class)
                            .inNamespace(envt.namespace())
                            .list()
                            .getItems()
                            .isEmpty());
            assertThat(envt.store().list("")).isEmpty();
            await().atMost(Duration.ofSeconds(60)).until(() -> childJobs() == 0 && pods() == 0);
            assertThat(history.marked()).isEqualTo(PROBLEMS + DIRECT);
            // nothing written to a VideoJob once it is being deleted, and no child Job started for it
            assertThat(history.statusWrittenAfterMark()).isEmpty();
            assertThat(history.jobCreatedAfterMark()).isEmpty();
            // nor to the jobs not marked yet: the delete-collection marks them in name order, the 100 generating code
            // first, so the operator knows a bulk deletion runs before a render slot frees. No slot is handed to a
            // job about to be deleted, and the jobs waiting in line keep their position (it only moves because the
            // jobs ahead are deleted): no render started only to be stopped, no status write competing with the
            // deletion
            assertThat(history.jobCreatedDuringDeletion()).isEmpty();
            assertThat(history.statusWrittenDuringDeletion()).isEmpty();
        }
        Map<Kind, Double> writes =
                ApiServerRequests.delta(before, requests.snapshot(Set.of("videojobs")), k -> isWrite(k.verb()));
        // no write the operator retries: a conflict (409; 422 for a JSON Patch whose index moved) or a VideoJob already
        // gone (404); only a status write the API server refused because the VideoJob is being deleted answers 422
        assertThat(writes.keySet())
                .noneMatch(k -> k.code().equals("404") || k.code().equals("409"))
                .noneMatch(k -> k.code().equals("422") && !k.subresource().equals("status"));
        assertThat(failedReconciles() - failedBefore).isZero();
    }

    private static boolean isWrite(String verb) {
        return List.of("PATCH", "PUT", "APPLY").contains(verb);
    }

    private long count(Phase phase) {
        return envt.client().resources(VideoJob.class).inNamespace(envt.namespace()).list().getItems().stream()
                .filter(vj -> vj.getStatus() != null && vj.getStatus().getPhase() == phase)
                .count();
    }

    private int childJobs() {
        return envt.client()
                .batch()
                .v1()
                .jobs()
                .inNamespace(envt.namespace())
                .list()
                .getItems()
                .size();
    }

    private int pods() {
        return envt.client()
                .pods()
                .inNamespace(envt.namespace())
                .list()
                .getItems()
                .size();
    }

    private double failedReconciles() {
        return envt.registry().find("operator.sdk.reconciliations.failed").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }
}
