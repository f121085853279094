package io.manimvideo.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.manimvideo.api.Phase;
import io.manimvideo.api.VideoJob;
import io.manimvideo.operator.testing.ApiServerRequests;
import io.manimvideo.operator.testing.ApiServerRequests.Kind;
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

        envt.client().resources(VideoJob.class).inNamespace(envt.namespace()).delete();

        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> envt.client()
                        .resources(VideoJob.class)
                        .inNamespace(envt.namespace())
                        .list()
                        .getItems()
                        .isEmpty());
        await().atMost(Duration.ofSeconds(30)).until(() -> childJobs() == 0 && pods() == 0);
        assertThat(envt.store().list("")).isEmpty();
        Map<Kind, Double> writes =
                ApiServerRequests.delta(before, requests.snapshot(Set.of("videojobs")), k -> isWrite(k.verb()));
        System.out.println("writes to VideoJobs during the deletion: " + writes);
        // a write to a VideoJob that is being deleted or gone: a conflict (409, 422 for a JSON Patch whose index moved)
        // or not found (404); each is a retry in the operator's log
        assertThat(writes.keySet()).noneMatch(k -> List.of("404", "409", "422").contains(k.code()));
        // its status is not written once it is being deleted: the cleanup owns it from then on
        assertThat(writes.keySet()).noneMatch(k -> k.subresource().equals("status"));
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
