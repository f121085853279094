package io.manimvideo.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.manimvideo.api.CodeRef;
import io.manimvideo.api.ErrorInfo;
import io.manimvideo.api.FailureReason;
import io.manimvideo.api.MathVerified;
import io.manimvideo.api.Phase;
import io.manimvideo.api.VideoFacts;
import io.manimvideo.api.VideoJob;
import io.manimvideo.api.VideoJobStatus;
import io.manimvideo.api.workload.Outcome;
import io.manimvideo.operator.testing.Results;
import io.manimvideo.operator.testing.VideoJobs;
import io.manimvideo.operator.workload.RenderProgress;
import io.manimvideo.operator.workload.Workload;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each status transition: the phase, message and conditions it leaves, and the fields it sets. */
@Tag("unit")
class PhaseTransitionsTest {
    private static final Instant EARLIER = Instant.parse("2026-01-17T09:00:00Z");
    private static final Instant NOW = Instant.parse("2026-01-17T10:00:00Z");
    private static final Instant DEADLINE = NOW.plus(Duration.ofHours(24));
    private static final ErrorInfo ERROR =
            new ErrorInfo(FailureReason.RENDER_ERROR, 3, null, 2).withDetail("NameError");
    /** The catalog's English for ERROR, after its two attempts. */
    private static final String GAVE_UP = "Gave up after 2 attempts. Last error: Manim stopped with an error while"
            + " running the code (line 3): NameError.";

    private final VideoJob vj = VideoJobs.problem("tg-1");
    private final PhaseTransitions t;

    PhaseTransitionsTest() {
        vj.getMetadata().setGeneration(3L);
        vj.setStatus(new VideoJobStatus());
        VideoFacts video = new VideoFacts();
        video.setObjectKey("p/video.mp4");
        video.setDeleted(false);
        vj.getStatus().setVideo(video);
        vj.getStatus().setActiveJob("tg-1-render-2");
        // the job as an earlier reconcile left it: Rendering, conditions already written
        new PhaseTransitions(vj, EARLIER, TestWords.ENGLISH).rendering(40);
        t = new PhaseTransitions(vj, NOW, TestWords.ENGLISH);
    }

    static Stream<Arguments> phaseChanges() {
        return Stream.of(
                row(
                        "queued",
                        t -> t.queued("tg-1-codegen-3", "Retrying: evicted", DEADLINE),
                        Phase.QUEUED,
                        "Retrying: evicted",
                        "False/Queued",
                        "False/NotFailed"),
                row(
                        "waitingForSlot",
                        t -> t.waitingForSlot(3),
                        Phase.QUEUED,
                        "Waiting for a render slot: position 3.",
                        "False/Queued",
                        "False/NotFailed"),
                row(
                        "started codegen",
                        t -> t.started(Workload.CODEGEN.child("tg-1", 3)),
                        Phase.AI_GENERATING,
                        "Writing the animation code (attempt 3).",
                        "False/AIGenerating",
                        "False/NotFailed"),
                row(
                        "started render",
                        t -> t.started(Workload.RENDER.child("tg-1", 3)),
                        Phase.CODE_VALIDATING,
                        "Checking the code (attempt 3).",
                        "False/CodeValidating",
                        "False/NotFailed"),
                row(
                        "progressed validating",
                        t -> t.progressed(new RenderProgress(Phase.CODE_VALIDATING, 0), 2),
                        Phase.CODE_VALIDATING,
                        "Checking the code (attempt 2).",
                        "False/CodeValidating",
                        "False/NotFailed"),
                row(
                        "progressed rendering",
                        t -> t.progressed(new RenderProgress(Phase.RENDERING, 55), 2),
                        Phase.RENDERING,
                        "Rendering: 55%.",
                        "False/Rendering",
                        "False/NotFailed"),
                row(
                        "progressed uploading",
                        t -> t.progressed(new RenderProgress(Phase.UPLOADING, 100), 2),
                        Phase.UPLOADING,
                        "Uploading the video.",
                        "False/Uploading",
                        "False/NotFailed"),
                row(
                        "rendering",
                        t -> t.rendering(100),
                        Phase.RENDERING,
                        "Rendering: 100%.",
                        "False/Rendering",
                        "False/NotFailed"),
                row(
                        "uploading",
                        PhaseTransitions::uploading,
                        Phase.UPLOADING,
                        "Uploading the video.",
                        "False/Uploading",
                        "False/NotFailed"),
                row(
                        "ready",
                        t -> t.ready(new VideoFacts(), List.of(), "Your video is ready.", DEADLINE),
                        Phase.READY,
                        "Your video is ready.",
                        "True/VideoReady",
                        "False/NotFailed"),
                row(
                        "failed",
                        t -> t.failed(ERROR, DEADLINE),
                        Phase.FAILED,
                        GAVE_UP,
                        "False/Failed",
                        "True/RenderError"),
                row(
                        "delivered",
                        t -> t.delivered(DEADLINE),
                        Phase.DELIVERED,
                        "The video was delivered.",
                        "True/Delivered",
                        "False/NotFailed"),
                row(
                        "expired",
                        t -> t.expired("Not collected.", DEADLINE),
                        Phase.EXPIRED,
                        "Not collected.",
                        "False/Expired",
                        "False/NotFailed"));
    }

    private static Arguments row(
            String name,
            Consumer<PhaseTransitions> transition,
            Phase phase,
            String message,
            String ready,
            String failed) {
        return Arguments.of(name, transition, phase, message, ready, failed);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("phaseChanges")
    void eachTransitionLeavesPhaseMessageAndConditionsTrue(
            String name,
            Consumer<PhaseTransitions> transition,
            Phase phase,
            String message,
            String ready,
            String failed) {
        transition.accept(t);

        assertThat(vj.getStatus().getPhase()).isEqualTo(phase);
        assertThat(vj.getStatus().getMessage()).isEqualTo(message);
        assertThat(condition("Ready"))
                .extracting(c -> c.getStatus() + "/" + c.getReason())
                .isEqualTo(ready);
        assertThat(condition("Failed"))
                .extracting(c -> c.getStatus() + "/" + c.getReason())
                .isEqualTo(failed);
        assertThat(condition("Ready").getMessage()).isEqualTo(message);
        assertThat(condition("Ready").getObservedGeneration()).isEqualTo(3L);
        boolean readyFlipped = ready.startsWith("True");
        assertThat(condition("Ready").getLastTransitionTime()).isEqualTo((readyFlipped ? NOW : EARLIER).toString());
        assertThat(condition("Failed").getLastTransitionTime())
                .isEqualTo((failed.startsWith("True") ? NOW : EARLIER).toString());
        if (phase != Phase.RENDERING) {
            assertThat(t.transitions())
                    .hasSize(1)
                    .first()
                    .extracting(PhaseTransitions.Transition::phase)
                    .isEqualTo(phase);
        } else {
            assertThat(t.transitions())
                    .as("already Rendering: only the message changes")
                    .isEmpty();
        }
    }

    @Test
    void aTransitionRemembersTheChildJobOfAWorkingPhaseOnly() {
        t.queued("tg-1-codegen-3", "Retrying.", DEADLINE);
        t.started(Workload.CODEGEN.child("tg-1", 3));
        t.failed(ERROR, DEADLINE);

        assertThat(t.transitions())
                .containsExactly(
                        new PhaseTransitions.Transition(Phase.QUEUED, "tg-1-codegen-3", "Queued", "Retrying."),
                        new PhaseTransitions.Transition(
                                Phase.AI_GENERATING,
                                "tg-1-codegen-3",
                                "AIGenerating",
                                "Writing the animation code (attempt 3)."),
                        new PhaseTransitions.Transition(Phase.FAILED, null, "RenderError", GAVE_UP));
    }

    @Test
    void firstSeenAndObserved() {
        VideoJob fresh = VideoJobs.directCode("tg-2");
        fresh.getMetadata().setGeneration(1L);
        fresh.setStatus(new VideoJobStatus());
        PhaseTransitions first = new PhaseTransitions(fresh, NOW, TestWords.ENGLISH);

        first.observed();
        first.firstSeen("videojobs/ns/tg-2/uid/");

        VideoJobStatus s = fresh.getStatus();
        assertThat(s.getObservedGeneration()).isEqualTo(1L);
        assertThat(s.getCreatedAt()).isEqualTo(NOW.toString());
        assertThat(s.getStoragePrefix()).isEqualTo("videojobs/ns/tg-2/uid/");
        assertThat(s.getAttempts()).isZero();
        assertThat(s.getPhase()).as("no phase until a decision is made").isNull();
    }

    @Test
    void queuedNamesTheJobItWaitsForAndItsDeadline() {
        t.queued("tg-1-codegen-3", "Retrying.", DEADLINE);

        assertThat(vj.getStatus().getActiveJob()).isEqualTo("tg-1-codegen-3");
        assertThat(vj.getStatus().getExpiresAt()).isEqualTo(DEADLINE.toString());
    }

    @Test
    void startedCountsTheAttemptAndEndsTheWait() {
        VideoJobStatus s = vj.getStatus();
        s.setAttempts(2);
        s.setQueuePosition(4);
        s.setExpiresAt(DEADLINE.toString());
        s.setStartedAt(EARLIER.toString());

        t.started(Workload.RENDER.child("tg-1", 3));

        assertThat(s.getAttempts()).isEqualTo(3);
        assertThat(s.getQueuePosition()).isNull();
        assertThat(s.getExpiresAt()).isNull();
        assertThat(s.getStartedAt()).as("the first start counts").isEqualTo(EARLIER.toString());
        assertThat(s.getProgress()).isZero();

        t.started(Workload.CODEGEN.child("tg-1", 1)); // an older Job adopted: attempts never go down
        assertThat(s.getAttempts()).isEqualTo(3);
    }

    @Test
    void codeWrittenRecordsWhoWroteIt() {
        CodeRef code = new CodeRef(CodeRef.Source.AI, "ab".repeat(32), "p/code/attempt-2.py", 120L);

        t.codeWritten(code, Results.codegenOk(VideoJobs.CODE));

        VideoJobStatus s = vj.getStatus();
        assertThat(s.getCode()).isEqualTo(code);
        assertThat(s.getAiProvider()).isEqualTo("groq");
        assertThat(s.getAiModel()).isEqualTo("llama-3.3-70b-versatile");
        assertThat(s.getMathVerified()).isEqualTo(MathVerified.TRUE);
        assertThat(s.getGracefulDegradationUsed()).isFalse();
        assertThat(s.getAiTruncatedCalls()).as("no answer was cut off").isNull();
        assertThat(s.getPhase()).as("the phase is the caller's next decision").isEqualTo(Phase.RENDERING);
    }

    @Test
    void codeWrittenAfterACutOffAnswerShowsTheExtraCallAndTheNextAttemptDoesNotKeepIt() {
        CodeRef code = new CodeRef(CodeRef.Source.AI, "ab".repeat(32), "p/code/attempt-1.py", 120L);

        t.codeWritten(code, Results.codegenOk(VideoJobs.CODE, 1));
        assertThat(vj.getStatus().getAiTruncatedCalls()).isEqualTo(1);

        t.codeWritten(code, Results.codegenOk(VideoJobs.CODE)); // a later attempt: the status describes its code
        assertThat(vj.getStatus().getAiTruncatedCalls()).isNull();
    }

    @Test
    void renderedRecordsItsTimeAndKeepsEarlierRepairsWhenTheRenderReportsNone() {
        vj.getStatus().setRepairs(List.of("ShowCreation -> Create (line 7)"));

        t.rendered(Results.failure("render", Outcome.OK, "Rendered", null));
        assertThat(vj.getStatus().getRepairs()).containsExactly("ShowCreation -> Create (line 7)");

        t.rendered(Results.renderOk());
        assertThat(vj.getStatus().getRenderDurationSeconds()).isEqualTo(7.25);
        assertThat(vj.getStatus().getRepairs()).as("the render's own list").isEmpty();
    }

    @Test
    void aLayoutRepairKeepsTheVideoAndItsCodeAndTheRestoredCodeIsDelivered() {
        CodeRef code = new CodeRef(CodeRef.Source.AI, "ab".repeat(32), "p/code/attempt-2.py", 120L);
        vj.getStatus().setCode(code);
        VideoFacts video = new VideoFacts();
        ErrorInfo findings = ErrorInfo.of(FailureReason.LAYOUT_SEVERE, 2).withDetail("line 7: severe: x");

        t.layoutRepairAsked(video, List.of("line 7: severe: x"), findings);
        vj.getStatus().setCode(null); // as a repair attempt's codegen would replace it
        t.keptVideoRestored();
        t.ready(video, List.of("line 7: severe: x"), "Your video is ready.", DEADLINE);

        VideoJobStatus s = vj.getStatus();
        assertThat(s.getCode()).isEqualTo(code);
        assertThat(s.getKeptVideoCode()).isNull();
        assertThat(s.getLastError()).isEqualTo(findings);
        assertThat(s.getVideo()).isSameAs(video);
        assertThat(s.getLayoutWarnings()).containsExactly("line 7: severe: x");
    }

    @Test
    void readyAndFailedEndTheWork() {
        vj.getStatus().setQueuePosition(2);
        t.ready(new VideoFacts(), null, "Your video is ready.", DEADLINE);
        VideoJobStatus s = vj.getStatus();
        assertThat(s.getActiveJob()).isNull();
        assertThat(s.getQueuePosition()).isNull();
        assertThat(s.getProgress()).isEqualTo(100);
        assertThat(s.getReadyAt()).isEqualTo(NOW.toString());
        assertThat(s.getCompletedAt()).isEqualTo(NOW.toString());
        assertThat(s.getExpiresAt()).isEqualTo(DEADLINE.toString());

        VideoJob other = VideoJobs.problem("tg-3");
        other.setStatus(new VideoJobStatus());
        other.getStatus().setActiveJob("tg-3-render-1");
        new PhaseTransitions(other, NOW, TestWords.ENGLISH).failed(ERROR, DEADLINE);
        assertThat(other.getStatus().getLastError()).isEqualTo(ERROR);
        assertThat(other.getStatus().getActiveJob()).isNull();
        assertThat(other.getStatus().getCompletedAt()).isEqualTo(NOW.toString());
        assertThat(other.getStatus().getExpiresAt()).isEqualTo(DEADLINE.toString());
    }

    @Test
    void deliveredExpiredAndTheVideoDeleted() {
        t.delivered(DEADLINE);
        assertThat(vj.getStatus().getDeliveredAt()).isEqualTo(NOW.toString());
        assertThat(vj.getStatus().getExpiresAt()).isEqualTo(DEADLINE.toString());

        t.videoDeleted();
        assertThat(vj.getStatus().getVideo().getDeleted()).isTrue();

        t.expired("Not collected.", DEADLINE.plusSeconds(1));
        assertThat(vj.getStatus().getExpiresAt())
                .isEqualTo(DEADLINE.plusSeconds(1).toString());
    }

    @Test
    void smallerFacts() {
        CodeRef code = new CodeRef(CodeRef.Source.USER, "ab".repeat(32), "p/code/attempt-1.py", 10L);
        t.followed("tg-1-codegen-4");
        t.codeStored(code);
        t.retrying(ERROR);

        assertThat(vj.getStatus().getActiveJob()).isEqualTo("tg-1-codegen-4");
        assertThat(vj.getStatus().getCode()).isEqualTo(code);
        assertThat(vj.getStatus().getLastError()).isEqualTo(ERROR);
        assertThat(t.transitions()).as("none of these changes the phase").isEmpty();
    }

    @Test
    void phasesAreSpelledAsInTheCrd() {
        assertThat(Stream.of(Phase.values()).map(PhaseTransitions::reasonOf))
                .containsExactly(
                        "Queued",
                        "AIGenerating",
                        "CodeValidating",
                        "Rendering",
                        "Uploading",
                        "Ready",
                        "Delivered",
                        "Failed",
                        "Expired");
    }

    private Condition condition(String type) {
        return vj.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType()))
                .findFirst()
                .orElseThrow();
    }
}
