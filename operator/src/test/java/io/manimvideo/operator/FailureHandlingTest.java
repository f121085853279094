package io.manimvideo.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.manimvideo.api.ErrorInfo;
import io.manimvideo.api.FailureReason;
import io.manimvideo.api.Phase;
import io.manimvideo.api.VideoJob;
import io.manimvideo.api.VideoJobStatus;
import io.manimvideo.api.texts.FailureTexts;
import io.manimvideo.api.texts.Language;
import io.manimvideo.api.texts.TextCatalog;
import io.manimvideo.api.workload.Outcome;
import io.manimvideo.api.workload.WorkloadResult;
import io.manimvideo.api.workload.WorkloadResultCodec;
import io.manimvideo.operator.testing.KubeletStandIn.Ending;
import io.manimvideo.operator.testing.Results;
import io.manimvideo.operator.testing.VideoJobs;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailureHandlingTest extends OperatorTestBase {
    /** Attempt {@code attempt}'s render succeeds, and the VideoJob is Ready on that attempt. */
    private void rendersOnAttempt(String name, int attempt) throws Exception {
        jobs.renderSucceeds(name + "-render-" + attempt);
        assertThat(awaitPhase(name, Phase.READY).getStatus().getAttempts()).isEqualTo(attempt);
    }

    /** The kernel's OOM kill of the workload container, with no result written. */
    private static final Ending OOM_KILLED = new Ending(false, 137, "OOMKilled", null, null, "BackoffLimitExceeded");

    @Test
    void invalidDirectCodeFailsWithTheMessageAndLine() {
        create(VideoJobs.directCode("web-bad"));
        jobs.finish(
                "web-bad-render-1",
                Results.failure(
                        WorkloadResult.RENDER, Outcome.INVALID_CODE, "NameError: name 'Circel' is not defined", 7));
        VideoJob vj = awaitPhase("web-bad", Phase.FAILED);
        var s = vj.getStatus();
        assertThat(s.getMessage())
                .isEqualTo(
                        "The code breaks a rule or cannot be read (line 7): NameError: name 'Circel' is not defined.");
        assertThat(s.getLastError().getReason()).isEqualTo(FailureReason.INVALID_CODE);
        assertThat(s.getLastError().getDetail()).isEqualTo("NameError: name 'Circel' is not defined");
        assertThat(s.getLastError().getLine()).isEqualTo(7);
        assertThat(s.getAttempts()).isEqualTo(1);
        assertThat(s.getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("Failed");
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getReason()).isEqualTo("InvalidCode");
        });
        assertThat(jobs.job("web-bad-render-2")).isNull();
    }

    @Test
    void renderRejectingAiCodeStartsARepairAttemptWithTheErrorAndTheCode() throws Exception {
        create(VideoJobs.problem("tg-200"));
        jobs.codegenSucceeds("tg-200-codegen-1", VideoJobs.CODE);
        jobs.finish(
                "tg-200-render-1",
                Results.failure(
                        WorkloadResult.RENDER, Outcome.INVALID_CODE, "NameError: name 'Circel' is not defined", 5));

        Job repair = jobs.awaitJob("tg-200-codegen-2");
        assertThat(jobs.env(repair, "CODEGEN_ATTEMPT")).isEqualTo("2");
        assertThat(jobs.env(repair, "CODEGEN_PREVIOUS_ERROR"))
                .isEqualTo("Line 5: NameError: name 'Circel' is not defined");
        assertThat(jobs.get(repair, "CODEGEN_PREVIOUS_CODE_URL").body()).isEqualTo(VideoJobs.CODE);
        VideoJob vj = awaitPhase("tg-200", Phase.AI_GENERATING);
        assertThat(vj.getStatus().getAttempts()).isEqualTo(2);
        assertThat(vj.getStatus().getLastError().getReason()).isEqualTo(FailureReason.INVALID_CODE);

        String fixed = VideoJobs.CODE.replace("Circle", "Square");
        jobs.codegenSucceeds("tg-200-codegen-2", fixed);
        jobs.renderSucceeds("tg-200-render-2");
        vj = awaitPhase("tg-200", Phase.READY);
        assertThat(vj.getStatus().getCode().getObjectKey()).endsWith("code/attempt-2.py");
        assertThat(vj.getStatus().getCode().getSha256()).isEqualTo(Results.sha256(fixed));
        assertThat(envt.registry().scrape()).contains("manimvideo_retries_total{cause=\"code\"} 1.0");
    }

    @Test
    void aRenderPodDeletedAfterItStoredTheVideoIsAdoptedNotRenderedAndUploadedAgain() throws Exception {
        create(VideoJobs.directCode("web-lost"));
        jobs.renderStoresThenItsPodIsDeleted("web-lost-render-1", Results.renderOk(List.of()));
        VideoJob vj = awaitPhase("web-lost", Phase.READY);
        assertThat(vj.getStatus().getAttempts()).isEqualTo(1);
        assertThat(vj.getStatus().getVideo().getSizeBytes()).isEqualTo(123456L);
        assertThat(jobs.job("web-lost-render-2")).isNull();
    }

    @Test
    void aStoredRenderIsNotAdoptedWhenAnotherVideoOfTheSameSizeLiesAtItsKey() throws Exception {
        create(VideoJobs.directCode("web-late"));
        Job first = jobs.awaitJob("web-late-render-1");
        // the first pod is evicted (its container, on a node that lost contact, still runs), the second renders
        jobs.end("web-late-render-1", new Ending(false, 137, "Error", null, "Evicted", "BackoffLimitExceeded"));
        WorkloadResult second = Results.renderOk(List.of());
        jobs.renderStores("web-late-render-2", second);
        // the first pod's late upload overwrites the second's video with another of the same size; then the second
        // pod is deleted before its termination message is read
        assertThat(jobs.put(first, "MANIMRENDER_VIDEO_PUT_URL", "w".repeat(Math.toIntExact(second.sizeBytes()))))
                .isEqualTo(200);
        jobs.deletePod("web-late-render-2");
        // the video at the key is not the one attempt 2 stored its result for: it is rendered again, not adopted
        rendersOnAttempt("web-late", 3);
    }

    @Test
    void aStorageOutageWaitsForTheStorageInsteadOfUsingUpTheAttempts() throws Exception {
        create(VideoJobs.problem("tg-500"));
        jobs.awaitJob("tg-500-codegen-1");
        s3.unavailable(true);
        try {
            // for 12 s (more than two looks at the storage) every codegen pod fails to store its code, as the real
            // one does while the storage answers 503
            Instant outageEnds = Instant.now().plusSeconds(12);
            int attempt = 1;
            while (Instant.now().isBefore(outageEnds) && attempt <= VideoJobStatus.MAX_ATTEMPTS) {
                String name = "tg-500-codegen-" + attempt;
                if (jobs.job(name) != null) {
                    jobs.finish(
                            name,
                            Results.failure(
                                    WorkloadResult.CODEGEN,
                                    Outcome.UPLOAD_ERROR,
                                    "The generated code could not be stored.",
                                    null));
                    attempt++;
                }
                Thread.sleep(200);
            }
        } finally {
            s3.unavailable(false);
        }
        jobs.codegenSucceeds("tg-500-codegen-2", VideoJobs.CODE);
        rendersOnAttempt("tg-500", 2);
    }

    @Test
    void codeThatCouldNotBeStoredIsSaidAsOneSentenceOfTheCatalogInEveryLanguage() {
        create(VideoJobs.problem("tg-510"));
        // the codegen workload's own report (CodegenResults#notStored): English words for kubectl, not for people
        String reported = "The generated code could not be stored.";
        jobs.finish("tg-510-codegen-1", Results.failure(WorkloadResult.CODEGEN, Outcome.UPLOAD_ERROR, reported, null));
        jobs.awaitJob("tg-510-codegen-2");
        VideoJob vj = awaitStatus("tg-510", v -> v.getStatus().getAttempts() == 2);
        ErrorInfo error = vj.getStatus().getLastError();
        // what travels to the ingress: the reason and the step, which the catalog words in the person's language
        assertThat(error.getReason()).isEqualTo(FailureReason.UPLOAD_ERROR);
        assertThat(error.getName()).isEqualTo("codegen");
        assertThat(error.getMessage()).isEqualTo("The generated code could not be stored.");
        TextCatalog catalog = TextCatalog.load();
        for (Language language : Language.values()) {
            String said = catalog.in(language).say(FailureTexts.of(error));
            String video = catalog.in(language)
                    .say(FailureTexts.of(
                            ErrorInfo.of(FailureReason.UPLOAD_ERROR, 2).withName("render")));
            assertThat(said)
                    .as(language.tag())
                    .isNotEqualTo(video)
                    .doesNotContain(language == Language.EN ? ": " : "could not be stored");
        }
        assertThat(catalog.in(Language.EN).say(FailureTexts.of(error)))
                .isEqualTo("The generated code could not be stored.");
    }

    @Test
    void deadlineWithoutAMessageRetriesTheSameStepWithoutBlamingTheCode() throws Exception {
        create(VideoJobs.directCode("web-slow"));
        jobs.end("web-slow-render-1", new Ending(false, 137, "Error", null, null, "DeadlineExceeded"));
        Job retry = jobs.awaitJob("web-slow-render-2");
        assertThat(jobs.get(retry, "MANIMRENDER_CODE_URL").body()).isEqualTo(VideoJobs.CODE);
        VideoJob vj = awaitStatus("web-slow", v -> v.getStatus().getAttempts() == 2);
        assertThat(vj.getStatus().getLastError().getReason()).isEqualTo(FailureReason.DEADLINE_EXCEEDED);
        assertThat(vj.getStatus().getLastError().getMessage()).contains("time limit");
        // the code is uploaded once and reused
        assertThat(envt.store().list(vj.getStatus().getStoragePrefix() + "code/"))
                .hasSize(1);
        rendersOnAttempt("web-slow", 2);
        assertThat(envt.registry().scrape()).contains("manimvideo_retries_total{cause=\"infrastructure\"} 1.0");
    }

    @Test
    void evictionAndProviderErrorsShareTheRetryBudgetThenFailClearly() {
        create(VideoJobs.problem("tg-300"));
        jobs.end("tg-300-codegen-1", new Ending(false, 137, "Error", null, "Evicted", "BackoffLimitExceeded"));
        jobs.finish(
                "tg-300-codegen-2",
                Results.failure(WorkloadResult.CODEGEN, Outcome.PROVIDER_ERROR, "Every AI provider failed", null));
        jobs.end("tg-300-codegen-3", new Ending(false, 1, "Error", "", null, "BackoffLimitExceeded"));
        Job fourth = jobs.awaitJob("tg-300-codegen-4");
        // infrastructure retries are not repair attempts
        assertThat(jobs.env(fourth, "CODEGEN_PREVIOUS_ERROR")).isNull();
        jobs.end("tg-300-codegen-4", new Ending(false, 1, "Error", "not json {", null, "BackoffLimitExceeded"));
        VideoJob vj = awaitPhase("tg-300", Phase.FAILED);
        assertThat(vj.getStatus().getAttempts()).isEqualTo(4);
        assertThat(vj.getStatus().getMessage())
                .startsWith("Gave up after 4 attempts. Last error: ")
                .contains("unreadable result");
        assertThat(jobs.job("tg-300-codegen-5")).isNull();
    }

    @Test
    void oversizedOrMissingTerminationMessagesAreInfrastructureAndARepeatedOomBlamesTheCode() throws Exception {
        create(VideoJobs.problem("tg-400"));
        jobs.codegenSucceedsQuietly("tg-400-codegen-1");
        // a message over 4 KB is ignored: the pod is judged by its reasons
        jobs.end(
                "tg-400-render-1",
                new Ending(
                        false,
                        1,
                        "Error",
                        "{\"outcome\":\"ok\",\"message\":\"" + "x".repeat(5000) + "\"}",
                        null,
                        "BackoffLimitExceeded"));
        jobs.awaitJob("tg-400-render-2");
        VideoJob vj = awaitStatus("tg-400", v -> v.getStatus().getAttempts() == 2);
        assertThat(vj.getStatus().getLastError().getReason()).isEqualTo(FailureReason.NO_RESULT);
        // killed for memory with no message: the memory may have run out outside the scene, so it is rendered again
        jobs.end("tg-400-render-2", OOM_KILLED);
        jobs.awaitJob("tg-400-render-3");
        vj = awaitStatus("tg-400", v -> v.getStatus().getAttempts() == 3);
        assertThat(vj.getStatus().getLastError().getReason()).isEqualTo(FailureReason.POD_OUT_OF_MEMORY);
        // killed for memory again with the same code: the scene is to blame, so the AI is asked to repair it
        jobs.end("tg-400-render-3", OOM_KILLED);
        Job repair = jobs.awaitJob("tg-400-codegen-4");
        assertThat(jobs.env(repair, "CODEGEN_PREVIOUS_ERROR")).contains("memory");
        vj = awaitStatus("tg-400", v -> v.getStatus().getAttempts() == 4);
        assertThat(vj.getStatus().getLastError().getReason()).isEqualTo(FailureReason.MEMORY_LIMIT);
    }

    @Test
    void directCodeWhoseRenderPodIsKilledForMemoryOnceIsRenderedAgainNotBlamed() throws Exception {
        create(VideoJobs.directCode("web-oom1"));
        // the kernel's OOM kill of the container, with no result: the node's or the scene's doing, unknown yet
        jobs.end("web-oom1-render-1", OOM_KILLED);
        Job again = jobs.awaitJob("web-oom1-render-2");
        assertThat(jobs.get(again, "MANIMRENDER_CODE_URL").body()).isEqualTo(VideoJobs.CODE);
        rendersOnAttempt("web-oom1", 2);
    }

    @Test
    void aSceneProcessTheKernelKilledForMemoryIsRenderedAgainThoughTheRenderBlamedTheScene() throws Exception {
        create(VideoJobs.directCode("web-oom3"));
        // the kernel's OOM killer took the scene's process; the render pod, still alive, reports a limit reached, and
        // the container runtime marks the container OOMKilled
        WorkloadResult limit = Results.failure(
                WorkloadResult.RENDER,
                Outcome.RESOURCE_LIMIT,
                "the scene was stopped for using more than the 170 seconds of CPU time or the memory allowed",
                null);
        jobs.end(
                "web-oom3-render-1",
                new Ending(
                        false, 1, "OOMKilled", new WorkloadResultCodec().write(limit), null, "BackoffLimitExceeded"));
        rendersOnAttempt("web-oom3", 2);
    }

    @Test
    void directCodeWhoseRenderPodIsKilledForMemoryTwiceInARowFailsBlamingTheScene() {
        create(VideoJobs.directCode("web-oom2"));
        jobs.end("web-oom2-render-1", OOM_KILLED);
        jobs.end("web-oom2-render-2", OOM_KILLED);
        VideoJob vj = awaitPhase("web-oom2", Phase.FAILED);
        assertThat(vj.getStatus().getLastError().getReason()).isEqualTo(FailureReason.MEMORY_LIMIT);
        assertThat(vj.getStatus().getMessage()).contains("simplify it");
        assertThat(jobs.job("web-oom2-render-3")).isNull();
    }
}
