package io.manimvideo.operator.reconcile;

import static io.manimvideo.operator.reconcile.PhaseFixture.NOW;
import static io.manimvideo.operator.reconcile.PhaseFixture.condition;
import static org.assertj.core.api.Assertions.assertThat;

import io.manimvideo.api.FailureReason;
import io.manimvideo.api.Phase;
import io.manimvideo.api.VideoJob;
import io.manimvideo.api.VideoJobStatus;
import io.manimvideo.operator.status.PhaseTransitions;
import io.manimvideo.operator.status.TestWords;
import io.manimvideo.operator.testing.VideoJobs;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** First sight of a VideoJob: what its status says before any child Job exists. */
@Tag("unit")
class NewJobHandlerTest {
    private final PhaseFixture f = new PhaseFixture();

    static Stream<Arguments> firstSteps() {
        return Stream.of(
                Arguments.of("problem", (Function<String, VideoJob>) VideoJobs::problem, "tg-9-codegen-1"),
                Arguments.of("direct code", (Function<String, VideoJob>) VideoJobs::directCode, "tg-9-render-1"));
    }

    @ParameterizedTest(name = "{0} waits for {2}")
    @MethodSource("firstSteps")
    void aNewJobIsQueuedForItsFirstChildJob(String type, Function<String, VideoJob> make, String firstJob) {
        VideoJob vj = fresh(make.apply("tg-9"));
        PhaseTransitions t = new PhaseTransitions(vj, NOW, TestWords.ENGLISH);

        f.newJobs.accept(vj, t);

        VideoJobStatus s = vj.getStatus();
        assertThat(s.getPhase()).isEqualTo(Phase.QUEUED);
        assertThat(s.getMessage()).isEqualTo("Accepted; waiting to start.");
        assertThat(s.getActiveJob()).isEqualTo(firstJob);
        assertThat(s.getAttempts()).isZero();
        assertThat(s.getCreatedAt()).isEqualTo(NOW.toString());
        assertThat(s.getStoragePrefix()).isEqualTo("videojobs/videos/tg-9/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/");
        assertThat(s.getExpiresAt())
                .isEqualTo(NOW.plus(f.config.lifetimes().queued()).toString());
        assertThat(condition(vj, "Ready")).isEqualTo("False/Queued");
        assertThat(condition(vj, "Failed")).isEqualTo("False/NotFailed");
        assertThat(t.transitions())
                .containsExactly(new PhaseTransitions.Transition(
                        Phase.QUEUED, firstJob, "Queued", "Accepted; waiting to start."));
    }

    @Test
    void aSpecThisVersionCannotActOnFailsAtOnce() {
        VideoJob vj = fresh(VideoJobs.problem("tg-9"));
        vj.getSpec().setProblemText(null);

        f.newJobs.accept(vj, new PhaseTransitions(vj, NOW, TestWords.ENGLISH));

        VideoJobStatus s = vj.getStatus();
        assertThat(s.getPhase()).isEqualTo(Phase.FAILED);
        assertThat(s.getMessage()).contains("spec.problemText is missing");
        assertThat(s.getLastError().getReason()).isEqualTo(FailureReason.UNSUPPORTED_SPEC);
        assertThat(s.getActiveJob()).isNull();
        assertThat(s.getExpiresAt())
                .isEqualTo(NOW.plus(f.config.lifetimes().failedRecord()).toString());
        assertThat(condition(vj, "Failed")).isEqualTo("True/UnsupportedSpec");
        assertThat(f.created).isEmpty();
    }

    private static VideoJob fresh(VideoJob vj) {
        vj.getMetadata().setNamespace(PhaseFixture.NAMESPACE);
        vj.getMetadata().setUid("0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d");
        vj.setStatus(new VideoJobStatus());
        return vj;
    }
}
