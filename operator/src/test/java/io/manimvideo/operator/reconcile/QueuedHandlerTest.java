package io.manimvideo.operator.reconcile;

import static io.manimvideo.operator.reconcile.PhaseFixture.NOW;
import static io.manimvideo.operator.reconcile.PhaseFixture.aiCode;
import static io.manimvideo.operator.reconcile.PhaseFixture.codegen;
import static io.manimvideo.operator.reconcile.PhaseFixture.condition;
import static io.manimvideo.operator.reconcile.PhaseFixture.notStarted;
import static io.manimvideo.operator.reconcile.PhaseFixture.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.manimvideo.api.ErrorInfo;
import io.manimvideo.api.FailureReason;
import io.manimvideo.api.Phase;
import io.manimvideo.api.VideoFacts;
import io.manimvideo.api.VideoJob;
import io.manimvideo.api.VideoJobStatus;
import io.manimvideo.operator.queue.QueueEntry;
import io.manimvideo.operator.status.PhaseTransitions.Transition;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Queued: which child Job starts, when a job waits, and when it stops waiting. */
@Tag("unit")
class QueuedHandlerTest {
    private final PhaseFixture f = new PhaseFixture();

    private VideoJob queuedFor(VideoJob vj, String jobName) {
        vj.getStatus().setPhase(Phase.QUEUED);
        vj.getStatus().setActiveJob(jobName);
        vj.getStatus().setExpiresAt(NOW.plus(Duration.ofMinutes(30)).toString());
        return vj;
    }

    @Test
    void aProblemStartsItsCodegenJob() {
        VideoJob vj = queuedFor(PhaseFixture.problem(), "tg-1-codegen-1");

        Duration next = f.queued.handle(notStarted(vj, codegen(vj, 1)));

        VideoJobStatus s = vj.getStatus();
        assertThat(f.createdNames()).containsExactly("tg-1-codegen-1");
        assertThat(f.env("CODEGEN_ATTEMPT")).hasValue("1");
        assertThat(f.env("CODEGEN_PREVIOUS_ERROR")).isEmpty();
        assertThat(s.getPhase()).isEqualTo(Phase.AI_GENERATING);
        assertThat(s.getMessage()).isEqualTo("Writing the animation code (attempt 1).");
        assertThat(s.getAttempts()).isEqualTo(1);
        assertThat(s.getStartedAt()).isEqualTo(NOW.toString());
        assertThat(s.getExpiresAt()).as("no Queued deadline once started").isNull();
        assertThat(condition(vj, "Ready")).isEqualTo("False/AIGenerating");
        assertThat(next).isEqualTo(f.config.lifecycleCheckInterval());
    }

    @Test
    void aRepairAttemptIsToldWhichCodeFailedAndWhy() {
        VideoJob vj = queuedFor(PhaseFixture.problem(), "tg-1-codegen-2");
        vj.getStatus().setCode(aiCode(vj, 1));
        vj.getStatus()
                .setLastError(new ErrorInfo(FailureReason.RENDER_ERROR, 7, null, 1)
                        .withDetail("NameError: name 'Sqaure' is not defined"));

        f.queued.handle(notStarted(vj, codegen(vj, 2)));

        assertThat(f.createdNames()).containsExactly("tg-1-codegen-2");
        assertThat(f.env("CODEGEN_PREVIOUS_ERROR")).hasValue("Line 7: NameError: name 'Sqaure' is not defined");
        assertThat(f.env("CODEGEN_PREVIOUS_CODE_URL"))
                .hasValueSatisfying(url -> assertThat(url).contains("/code/attempt-1.py"));
        assertThat(vj.getStatus().getMessage()).isEqualTo("Writing the animation code (attempt 2).");
        assertThat(vj.getStatus().getAttempts()).isEqualTo(2);
    }

    @Test
    void anInfrastructureRetryIsNotToldAboutTheCode() {
        VideoJob vj = queuedFor(PhaseFixture.problem(), "tg-1-codegen-2");
        vj.getStatus().setLastError(ErrorInfo.of(FailureReason.POD_EVICTED, 1).withName("codegen"));

        f.queued.handle(notStarted(vj, codegen(vj, 2)));

        assertThat(f.env("CODEGEN_PREVIOUS_ERROR")).isEmpty();
        assertThat(f.env("CODEGEN_PREVIOUS_CODE_URL")).isEmpty();
    }

    @Test
    void writtenCodeStartsItsRenderWhenASlotIsFree() {
        VideoJob vj = queuedFor(PhaseFixture.problem(), "tg-1-render-1");
        vj.getStatus().setCode(aiCode(vj, 1));

        Duration next = f.queued.handle(notStarted(vj, render(vj, 1)));

        VideoJobStatus s = vj.getStatus();
        assertThat(f.createdNames()).containsExactly("tg-1-render-1");
        assertThat(f.env("MANIMRENDER_CODE_URL"))
                .hasValueSatisfying(url -> assertThat(url).contains("/code/attempt-1.py"));
        assertThat(s.getPhase()).isEqualTo(Phase.CODE_VALIDATING);
        assertThat(s.getMessage()).isEqualTo("Checking the code (attempt 1).");
        assertThat(s.getProgress()).isZero();
        assertThat(s.getQueuePosition()).isNull();
        assertThat(next).isEqualTo(f.config.progressPollInterval());
    }

    @Test
    void aJobFurtherBackInLineLooksAgainLessOften() {
        f.queue.admit(new QueueEntry(NOW.minusSeconds(600), 0, "videos", "rendering"), "rendering-render-1");
        f.queue.admit(new QueueEntry(NOW.minusSeconds(500), 0, "videos", "first"), "first-render-1");
        f.queue.admit(new QueueEntry(NOW.minusSeconds(400), 0, "videos", "second"), "second-render-1");
        VideoJob vj = queuedFor(PhaseFixture.directCode(), "tg-2-render-1");
        vj.getStatus().setCode(aiCode(vj, 1));

        Duration next = f.queued.handle(notStarted(vj, render(vj, 1)));

        assertThat(vj.getStatus().getQueuePosition()).isEqualTo(3);
        // one slot: two renders must end before this one can start
        assertThat(next).isEqualTo(f.config.progressPollInterval().multipliedBy(3));
    }

    @Test
    void aSlotIsNotTakenForAVideoJobDeletedWhileItWaited() {
        VideoJob vj = queuedFor(PhaseFixture.problem(), "tg-1-render-1");
        vj.getStatus().setCode(aiCode(vj, 1));
        f.deleted.add("tg-1"); // the API server has it marked; the cache the reconcile read has not seen it yet

        Duration next = f.queued.handle(notStarted(vj, render(vj, 1)));

        assertThat(f.created).isEmpty();
        assertThat(vj.getStatus().getPhase()).isEqualTo(Phase.QUEUED);
        assertThat(next).isEqualTo(f.config.progressPollInterval());
        assertThat(f.queue
                        .admit(new QueueEntry(NOW, 0, "videos", "next"), "next-render-1")
                        .admitted())
                .as("the one slot was given back")
                .isTrue();
    }

    @Test
    void aJobWaitingInLineIsNotStartedNorRewrittenWhileVideoJobsAreDeletedInBulk() {
        // an admin deletes every VideoJob: the render holding the one slot is deleted, so is the job ahead in line
        f.queue.admit(new QueueEntry(NOW.minusSeconds(600), 0, "videos", "rendering"), "rendering-render-1");
        f.queue.admit(new QueueEntry(NOW.minusSeconds(500), 0, "videos", "ahead"), "ahead-render-1");
        VideoJob vj = queuedFor(PhaseFixture.directCode(), "tg-2-render-1");
        vj.getStatus().setCode(aiCode(vj, 1));
        f.queued.handle(notStarted(vj, render(vj, 1)));
        String told = vj.getStatus().getMessage();
        assertThat(vj.getStatus().getQueuePosition()).isEqualTo(2);
        for (int i = 0; i < 5; i++) {
            VideoJob going = PhaseFixture.problem();
            going.getMetadata().setUid("uid-going-" + i);
            f.queue.markedUnfinished(going);
        }
        f.queue.release("videos", "rendering-render-1");
        f.queue.forget(new QueueEntry(NOW.minusSeconds(500), 0, "videos", "ahead"));

        Duration next = f.queued.handle(notStarted(vj, render(vj, 1)));

        assertThat(f.created)
                .as("the next in line may be deleted a moment later")
                .isEmpty();
        assertThat(vj.getStatus().getQueuePosition())
                .as("it moved only because the jobs ahead are being deleted: no status write")
                .isEqualTo(2);
        assertThat(vj.getStatus().getMessage()).isEqualTo(told);
        assertThat(next).isEqualTo(f.config.progressPollInterval().multipliedBy(2));

        f.realTime.advance(Duration.ofSeconds(5)); // the deletion is over
        f.queued.handle(notStarted(vj, render(vj, 1)));
        assertThat(f.createdNames()).containsExactly("tg-2-render-1");
    }

    @Test
    void aRenderWaitsInLineWhileEverySlotIsTaken() {
        f.queue.admit(new QueueEntry(NOW.minusSeconds(600), 0, "videos", "earlier"), "earlier-render-1");
        VideoJob vj = queuedFor(PhaseFixture.directCode(), "tg-2-render-1");
        vj.getStatus().setCode(aiCode(vj, 1));

        Duration next = f.queued.handle(notStarted(vj, render(vj, 1)));

        VideoJobStatus s = vj.getStatus();
        assertThat(f.created).isEmpty();
        assertThat(s.getPhase()).isEqualTo(Phase.QUEUED);
        assertThat(s.getMessage()).isEqualTo("Waiting for a render slot: position 1.");
        assertThat(s.getQueuePosition()).isEqualTo(1);
        assertThat(s.getAttempts()).as("nothing started yet").isZero();
        assertThat(next).isEqualTo(f.config.progressPollInterval());
    }

    @Test
    void aJobThatWaitedPastTheQueuedTtlFails() {
        VideoJob vj = queuedFor(PhaseFixture.directCode(), "tg-2-render-1");
        vj.getStatus().setExpiresAt(NOW.minusSeconds(1).toString());

        f.queued.handle(notStarted(vj, render(vj, 1)));

        VideoJobStatus s = vj.getStatus();
        assertThat(f.created).isEmpty();
        assertThat(s.getPhase()).isEqualTo(Phase.FAILED);
        assertThat(s.getMessage())
                .isEqualTo("The video waited longer than 60 minutes to start; please try again later.");
        assertThat(s.getLastError().getReason()).isEqualTo(FailureReason.QUEUE_TIMEOUT);
        assertThat(condition(vj, "Failed")).isEqualTo("True/QueueTimeout");
        assertThat(condition(vj, "Ready")).isEqualTo("False/Failed");
    }

    @Test
    void aKeptVideoIsDeliveredWhenItsLayoutRepairWaitedTooLong() {
        VideoJob vj = queuedFor(PhaseFixture.problem(), "tg-1-codegen-2");
        vj.getStatus().setExpiresAt(NOW.minusSeconds(1).toString());
        VideoFacts video = new VideoFacts();
        video.setObjectKey("videojobs/videos/tg-1/x/video.mp4");
        vj.getStatus().setVideo(video);
        vj.getStatus().setKeptVideoCode(aiCode(vj, 1));
        vj.getStatus().setLayoutWarnings(List.of("line 7: severe: Text 'Title' is partly outside the frame"));

        f.queued.handle(notStarted(vj, codegen(vj, 2)));

        VideoJobStatus s = vj.getStatus();
        assertThat(s.getPhase()).isEqualTo(Phase.READY);
        assertThat(s.getMessage())
                .isEqualTo("Your video is ready; fixing its layout did not work (The video waited longer "
                        + "than 60 minutes to start; please try again later.). Layout warnings: line 7: severe: Text 'Title' is partly "
                        + "outside the frame.");
        assertThat(s.getCode()).usingRecursiveComparison().isEqualTo(aiCode(vj, 1));
        assertThat(s.getKeptVideoCode()).isNull();
        assertThat(s.getVideo().getObjectKey()).isEqualTo("videojobs/videos/tg-1/x/video.mp4");
    }

    @Test
    void lostGeneratedCodeIsWrittenAgainByTheNextAttempt() {
        VideoJob vj = queuedFor(PhaseFixture.problem(), "tg-1-render-2");
        vj.getStatus().setAttempts(2);

        var w = notStarted(vj, render(vj, 2));
        f.queued.handle(w);

        assertThat(f.createdNames()).containsExactly("tg-1-codegen-3");
        assertThat(vj.getStatus().getPhase()).isEqualTo(Phase.AI_GENERATING);
        assertThat(vj.getStatus().getAttempts()).isEqualTo(3);
        assertThat(w.t().transitions())
                .extracting(Transition::phase, Transition::step, Transition::message)
                .containsExactly(
                        tuple(Phase.AI_GENERATING, "tg-1-codegen-3", "Writing the animation code (attempt 3)."));
        assertThat(vj.getStatus().getActiveJob()).isEqualTo("tg-1-codegen-3");
    }

    @Test
    void lostGeneratedCodeOnTheLastAttemptFails() {
        VideoJob vj = queuedFor(PhaseFixture.problem(), "tg-1-render-4");

        f.queued.handle(notStarted(vj, render(vj, 4)));

        assertThat(f.created).isEmpty();
        assertThat(vj.getStatus().getPhase()).isEqualTo(Phase.FAILED);
        assertThat(vj.getStatus().getMessage())
                .isEqualTo("Gave up after 4 attempts. Last error: The generated code was lost; please send the"
                        + " problem again.");
        assertThat(vj.getStatus().getLastError().getAttempt()).isEqualTo(4);
    }
}
