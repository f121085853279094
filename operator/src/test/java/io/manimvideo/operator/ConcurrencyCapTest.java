package io.manimvideo.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.manimvideo.api.Phase;
import io.manimvideo.operator.outcome.JobState;
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
  void neverMoreThanTheCapRunAndTheRestWaitInArrivalOrder() throws Exception {
    AtomicInteger mostRunning = new AtomicInteger();
    var watcher = Executors.newSingleThreadScheduledExecutor();
    watcher.scheduleAtFixedRate(() -> mostRunning.accumulateAndGet(runningRenders(), Math::max), 0, 10,
        TimeUnit.MILLISECONDS);
    try {
      List<String> names = List.of("q-1", "q-2", "q-3", "q-4", "q-5");
      // one after the other as the operator sees them: VideoJobs created within the same second have the same
      // creationTimestamp, and whichever is reconciled first is first in line
      for (String name : names) {
        create(VideoJobs.directCode(name));
        awaitStatus(name, v -> v.getStatus() != null && v.getStatus().getPhase() != null);
      }
      jobs.awaitJob("q-1-render-1");
      jobs.awaitJob("q-2-render-1");
      for (int i = 2; i < 5; i++) {
        int position = i - 1;
        awaitStatus(names.get(i), v -> Integer.valueOf(position).equals(v.getStatus().getQueuePosition()));
      }
      assertThat(get("q-3").getStatus().getPhase()).isEqualTo(Phase.QUEUED);

      for (String name : names) {
        jobs.renderSucceeds(name + "-render-1");
        awaitPhase(name, Phase.READY);
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> runningRenders() == 0);
    } finally {
      watcher.shutdownNow();
    }
    assertThat(mostRunning.get()).isEqualTo(2);
  }

  private int runningRenders() {
    List<Job> all = envt.client().batch().v1().jobs().inNamespace(envt.namespace())
        .withLabel("manimvideo.io/workload", "render").list().getItems();
    return (int) all.stream().filter(j -> !JobState.isFinished(j)).count();
  }
}
