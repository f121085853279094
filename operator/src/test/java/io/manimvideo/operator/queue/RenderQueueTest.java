package io.manimvideo.operator.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.manimvideo.api.VideoJob;
import io.manimvideo.operator.testing.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class RenderQueueTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void parallelAdmissionsNeverExceedTheCap() throws Exception {
        RenderQueue queue = new RenderQueue(3);
        queue.attach(cache(List.of())); // an informer that has not seen any Job yet
        Set<String> admitted = ConcurrentHashMap.newKeySet();
        var pool = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        for (int i = 0; i < 50; i++) {
            QueueEntry entry = new QueueEntry(T0.plusSeconds(i), i, "ns", "vj-" + i);
            pool.submit(() -> {
                go.await();
                if (queue.admit(entry, entry.name() + "-render-1").admitted()) {
                    admitted.add(entry.name());
                }
                return null;
            });
        }
        go.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(admitted).hasSize(3);
        assertThat(queue.waitingCount()).isEqualTo(47);
    }

    @Test
    void theFreeSlotsAreTheCapLessTheRunningPodsAndTheJobsNotYetCounted() {
        RenderQueue queue = new RenderQueue(4);
        queue.attach(cache(List.of(), 2)); // one render in parts running two pods at once
        assertThat(queue.freeSlots("ns", "a")).isEqualTo(2);
        assertThat(queue.admit(new QueueEntry(T0, 1, "ns", "a"), "a-render-1").admitted())
                .isTrue();
        assertThat(queue.freeSlots("ns", "b")).isEqualTo(1);
    }

    @Test
    void theSlotAVideoJobHoldsBetweenTwoStepsIsItsOwnToGoOnWithAndNobodyElses() {
        RenderQueue queue = new RenderQueue(2);
        // one render running, and "long" between its plan and its parts
        queue.attach(cache(List.of(), 1, Map.of("long", 1)));
        assertThat(queue.admit(new QueueEntry(T0, 1, "ns", "next"), "next-render-1"))
                .isEqualTo(new RenderQueue.Admission(false, 1, false));
        assertThat(queue.freeSlots("ns", "next")).isZero();
        assertThat(queue.freeSlots("ns", "long")).isEqualTo(1);
        assertThat(queue.continueWith("ns", "long", "long-parts-1", free -> free))
                .isEqualTo(1);
        // until the informer shows the parts Job (and long's status names it), the slot counts twice: never free
        assertThat(queue.admit(new QueueEntry(T0, 1, "ns", "next"), "next-render-1")
                        .admitted())
                .isFalse();
    }

    @Test
    void aSlotStaysTakenUntilTheInformerCountsItsJob() {
        RenderQueue queue = new RenderQueue(1);
        List<String> created = new ArrayList<>();
        queue.attach(new RenderQueue.JobCache() {
            @Override
            public int heldSlots() {
                return 0; // the informer's index has not seen a-render-1 yet
            }

            @Override
            public int heldBetweenSteps(String namespace, String videoJob) {
                return 0;
            }

            @Override
            public boolean exists(String namespace, String name) {
                return created.contains(name); // JOSDK's recent-create cache
            }

            @Override
            public boolean counted(String namespace, String name) {
                return false;
            }
        });
        assertThat(queue.admit(new QueueEntry(T0, 1, "ns", "a"), "a-render-1").admitted())
                .isTrue();
        created.add("a-render-1");
        RenderQueue.Admission b = queue.admit(new QueueEntry(T0.plusSeconds(1), 2, "ns", "b"), "b-render-1");
        assertThat(b.admitted()).isFalse();
        assertThat(b.position()).isEqualTo(1);
    }

    @Test
    void waitingJobsGetPositionsInArrivalOrderAndTheOldestGoesFirst() {
        RenderQueue queue = new RenderQueue(1);
        List<String> known = new ArrayList<>();
        queue.attach(cache(known));
        QueueEntry first = new QueueEntry(T0, 1, "ns", "b");
        QueueEntry sameSecond = new QueueEntry(T0.plusSeconds(1), 2, "ns", "a");
        QueueEntry later = new QueueEntry(T0.plusSeconds(1), 3, "ns", "c");
        assertThat(queue.admit(later, "c-render-1").admitted()).isTrue();
        assertThat(queue.admit(later, "c-render-1").admitted())
                .as("asking again adopts its own slot")
                .isTrue();
        assertThat(queue.admit(sameSecond, "a-render-1").position()).isEqualTo(1);
        assertThat(queue.admit(first, "b-render-1").position()).isEqualTo(1);
        assertThat(queue.admit(sameSecond, "a-render-1").position()).isEqualTo(2);
        queue.release("ns", "c-render-1");
        assertThat(queue.admit(sameSecond, "a-render-1").admitted())
                .as("b arrived first")
                .isFalse();
        assertThat(queue.admit(first, "b-render-1").admitted()).isTrue();
    }

    @Test
    void sameSecondArrivalsGoInTheOrderTheApiServerCreatedThemWhicheverAsksFirst() {
        // created in this order within one second; names sort the other way, and the last one asks first
        VideoJob first = videoJob("web-c", "101");
        VideoJob second = videoJob("web-b", "102");
        VideoJob third = videoJob("web-a", "103");
        RenderQueue queue = oneSlotWaitedForBy(first, second, third);
        RenderQueue.Admission thirdAsks = queue.admit(queue.entryOf(third), "web-a-render-1");
        assertThat(thirdAsks.admitted()).isFalse();
        assertThat(thirdAsks.position()).isEqualTo(3);
        assertThat(queue.admit(queue.entryOf(second), "web-b-render-1").position())
                .isEqualTo(2);
        assertThat(queue.admit(queue.entryOf(first), "web-c-render-1").admitted())
                .isTrue();
    }

    @Test
    void aVideoJobThatIsGoneLeavesTheLine() {
        VideoJob deletedByHand = videoJob("web-x", "101");
        VideoJob next = videoJob("web-y", "102");
        RenderQueue queue = oneSlotWaitedForBy(deletedByHand, next);
        queue.removed(deletedByHand);
        assertThat(queue.admit(queue.entryOf(next), "web-y-render-1").admitted())
                .isTrue();
        assertThat(queue.waitingCount()).isZero();
    }

    @Test
    void aVideoJobSeenPastItsRenderLeavesTheLineThoughThisOperatorNeverAdmittedIt() {
        // a standby operator's informer sees both arrive waiting for a render; the leader renders web-x, and the
        // standby, which never reconciled it, then sees it Rendering (and later Ready): when the standby becomes
        // the leader, web-x must not hold a place ahead of web-y for ever
        VideoJob renderedByTheLeader = videoJob("web-x", "101");
        VideoJob next = videoJob("web-y", "102");
        RenderQueue queue = oneSlotWaitedForBy(renderedByTheLeader, next);
        queue.arrived(renderedByTheLeader, false);
        assertThat(queue.admit(queue.entryOf(next), "web-y-render-1").admitted())
                .isTrue();
    }

    @Test
    void noSlotIsHandedOutWhileVideoJobsWithWorkAheadAreDeletedInBulk() {
        // kubectl delete vj --all: the API server marks them one after another; the one next in line may be next
        MutableClock clock = new MutableClock();
        RenderQueue queue = new RenderQueue(1, new BulkDeletion(clock));
        queue.attach(cache(List.of()));
        VideoJob next = videoJob("web-next", "200");
        queue.arrived(next, true);
        for (int i = 0; i < BulkDeletion.AT_ONCE - 1; i++) {
            queue.markedUnfinished(videoJob("tg-" + i, Integer.toString(100 + i)));
        }
        queue.markedUnfinished(videoJob("tg-0", "100")); // the same one seen again counts once
        assertThat(queue.admit(queue.entryOf(next), "web-next-render-1").admitted())
                .as("a few cancellations are no bulk deletion")
                .isTrue();
        queue.release("ns", "web-next-render-1");

        queue.markedUnfinished(videoJob("tg-last", "150"));
        RenderQueue.Admission during = queue.admit(queue.entryOf(next), "web-next-render-1");
        assertThat(during.admitted()).isFalse();
        assertThat(during.held()).isTrue();
        assertThat(during.position()).isEqualTo(1);

        clock.advance(BulkDeletion.WINDOW); // no more marks: the deletion is over
        assertThat(queue.admit(queue.entryOf(next), "web-next-render-1").admitted())
                .isTrue();
    }

    /** A free render slot and {@code arrivals} seen by the informer in this order, each waiting for a render. */
    private static RenderQueue oneSlotWaitedForBy(VideoJob... arrivals) {
        RenderQueue queue = new RenderQueue(1);
        queue.attach(cache(List.of()));
        for (VideoJob vj : arrivals) {
            queue.arrived(vj, true);
        }
        return queue;
    }

    private static VideoJob videoJob(String name, String resourceVersion) {
        VideoJob vj = new VideoJob();
        vj.setMetadata(new ObjectMetaBuilder()
                .withName(name)
                .withNamespace("ns")
                .withUid("uid-" + name)
                .withCreationTimestamp(T0.toString())
                .withResourceVersion(resourceVersion)
                .build());
        return vj;
    }

    /** A Job cache with no running renders that knows the Jobs named in {@code known}. */
    private static RenderQueue.JobCache cache(List<String> known) {
        return cache(known, 0);
    }

    /** @param runningPods render pods running, as the informer counts them */
    private static RenderQueue.JobCache cache(List<String> known, int runningPods) {
        return cache(known, runningPods, Map.of());
    }

    /**
     * @param runningPods render pods running, as the informer counts them
     * @param betweenSteps VideoJobs (by name) holding a slot between two steps of their render: counted besides them
     */
    private static RenderQueue.JobCache cache(List<String> known, int runningPods, Map<String, Integer> betweenSteps) {
        return new RenderQueue.JobCache() {
            @Override
            public int heldSlots() {
                return runningPods
                        + betweenSteps.values().stream()
                                .mapToInt(Integer::intValue)
                                .sum();
            }

            @Override
            public int heldBetweenSteps(String namespace, String videoJob) {
                return betweenSteps.getOrDefault(videoJob, 0);
            }

            @Override
            public boolean exists(String namespace, String name) {
                return known.contains(name);
            }

            @Override
            public boolean counted(String namespace, String name) {
                return known.contains(name);
            }
        };
    }
}
