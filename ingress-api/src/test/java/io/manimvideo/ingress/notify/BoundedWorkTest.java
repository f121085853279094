package io.manimvideo.ingress.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoundedWorkTest {
    @Test
    void runsAtMostMaxAtOnceAndEveryPieceInTheEndInOrder() {
        BoundedWork work = new BoundedWork(3);
        List<Promise<Void>> started = new ArrayList<>();
        List<Future<Void>> results = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int piece = i;
            results.add(work.submit(() -> {
                if (piece == 4) {
                    throw new IllegalStateException("piece 4 breaks");
                }
                Promise<Void> promise = Promise.promise();
                started.add(promise);
                return promise.future();
            }));
        }
        assertThat(started).hasSize(3);

        started.get(0).complete();
        started.get(1).fail("second failed");
        assertThat(started).hasSize(5); // two freed places: pieces 3 and 4 (which failed at once), then 5
        assertThat(results.get(0).succeeded()).isTrue();
        assertThat(results.get(1).failed()).isTrue();
        assertThat(results.get(4).cause()).hasMessage("piece 4 breaks");

        while (results.stream().anyMatch(r -> !r.isComplete())) {
            started.stream()
                    .filter(p -> !p.future().isComplete())
                    .findFirst()
                    .orElseThrow()
                    .complete();
            assertThat(started.stream().filter(p -> !p.future().isComplete())).hasSizeLessThanOrEqualTo(3);
        }
        assertThat(started).hasSize(9);
    }
}
