package io.manimvideo.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.manimvideo.api.Phase;
import io.manimvideo.operator.testing.VideoJobs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConcurrencyCapTest extends OperatorTestBase {

    @Override
    Map<String, String> settings() {
        return Map.of("MAX_CONCURRENT_RENDERS", "2");
    }

    @Test
    void neverMoreThanTheCapRunAndTheRestStartInTheOrderTheyWereCreated() throws Exception {
        AtomicInteger mostRunning = new AtomicInteger();
        var watcher = Executors.newSingleThreadScheduledExecutor();
        watcher.scheduleAtFixedRate(
                () -> mostRunning.accumulateAndGet(runningRenders(), Math::max), 0, 10, TimeUnit.MILLISECONDS);
        try {
            // created at once, as a client submitting several does (within a second: the same creationTimestamp); the
            // names sort the other way round, so neither name order nor the order of reconciles passes for this one
            List<String> names = List.of("q-e", "q-d", "q-c", "q-b", "q-a");
            for (String name : names) {
                create(VideoJobs.directCode(name));
            }
            jobs.awaitJob("q-e-render-1");
            jobs.awaitJob("q-d-render-1");
            for (int i = 2; i < 5; i++) {
                int position = i - 1;
                awaitStatus(
                        names.get(i),
                        v -> Integer.valueOf(position).equals(v.getStatus().getQueuePosition()));
            }
            assertThat(get("q-c").getStatus().getPhase()).isEqualTo(Phase.QUEUED);

            for (int i = 0; i < names.size(); i++) {
                jobs.renderSucceeds(names.get(i) + "-render-1");
                awaitPhase(names.get(i), Phase.READY);
                if (i + 2 < names.size()) {
                    // the freed slot goes to the next one created, and to it alone
                    jobs.awaitJob(names.get(i + 2) + "-render-1");
                    for (String later : names.subList(i + 3, names.size())) {
                        assertThat(jobs.job(later + "-render-1"))
                                .as(later + " waits")
                                .isNull();
                    }
                }
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> runningRenders() == 0);
        } finally {
            watcher.shutdownNow();
        }
        assertThat(mostRunning.get()).isEqualTo(2);
    }

    /** Render pods that have not ended: a slot is free from its pod's exit on, before its Job is marked Complete. */
    private int runningRenders() {
        return jobs.renderPodsNotEnded();
    }
}
