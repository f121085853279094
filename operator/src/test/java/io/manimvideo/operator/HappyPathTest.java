package io.manimvideo.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.manimvideo.api.Accessibility;
import io.manimvideo.api.CodeRef;
import io.manimvideo.api.MathVerified;
import io.manimvideo.api.Phase;
import io.manimvideo.api.VideoFormat;
import io.manimvideo.api.VideoJob;
import io.manimvideo.operator.testing.Results;
import io.manimvideo.operator.testing.VideoJobs;
import java.util.List;
import org.junit.jupiter.api.Test;

class HappyPathTest extends OperatorTestBase {

    @Test
    void directCodeIsUploadedRenderedAndReady() throws Exception {
        create(VideoJobs.directCode("web-direct"));
        Job render = jobs.awaitJob("web-direct-render-1");
        VideoJob vj = awaitPhase("web-direct", Phase.CODE_VALIDATING);
        String prefix = vj.getStatus().getStoragePrefix();
        assertThat(prefix)
                .startsWith("videojobs/" + envt.namespace() + "/web-direct/"
                        + vj.getMetadata().getUid());
        assertThat(vj.getStatus().getCode().getSource()).isEqualTo(CodeRef.Source.USER);
        assertThat(vj.getStatus().getCode().getSha256()).isEqualTo(Results.sha256(VideoJobs.CODE));
        // the pod fetches exactly the code the person sent, through its presigned URL
        assertThat(jobs.get(render, "MANIMRENDER_CODE_URL").body()).isEqualTo(VideoJobs.CODE);

        assertThat(jobs.put(
                        render,
                        "MANIMRENDER_PROGRESS_PUT_URL",
                        "{\"event\":\"progress\",\"stage\":\"rendering\",\"percent\":42}"))
                .isEqualTo(200);
        vj = awaitStatus("web-direct", v -> v.getStatus().getPhase() == Phase.RENDERING);
        assertThat(vj.getStatus().getProgress()).isEqualTo(42);
        assertThat(vj.getStatus().getMessage()).contains("42%");
        jobs.put(
                render,
                "MANIMRENDER_PROGRESS_PUT_URL",
                "{\"event\":\"progress\",\"stage\":\"uploading\",\"percent\":95}");
        awaitPhase("web-direct", Phase.UPLOADING);

        jobs.renderSucceeds("web-direct-render-1");
        vj = awaitPhase("web-direct", Phase.READY);
        var s = vj.getStatus();
        assertThat(s.getVideo().getObjectKey()).isEqualTo(prefix + "video.mp4");
        assertThat(s.getVideo().getThumbnailKey()).isEqualTo(prefix + "thumbnail.png");
        assertThat(s.getVideo().getCaptionsKey()).isEqualTo(prefix + "captions.vtt");
        assertThat(s.getVideo().getTranscriptKey()).isEqualTo(prefix + "transcript.txt");
        assertThat(s.getVideo().getNarrated()).isNull();
        assertThat(s.getLayoutWarnings()).containsExactly("line 7: Text 'Title' is partly outside the frame");
        // no audio description asked for: the render pod is not told to narrate
        assertThat(jobs.env(render, "MANIMRENDER_AUDIO_DESCRIPTION")).isNull();
        assertThat(jobs.env(render, "MANIMRENDER_THEME")).isNull();
        // a non-root pod cannot make its sandbox a cgroup: the pod's own limits it as a whole
        assertThat(jobs.env(render, "MANIMRENDER_CGROUP")).isEqualTo("container");
        assertThat(s.getVideo().getSizeBytes()).isEqualTo(123456L);
        assertThat(s.getVideo().getDurationSeconds()).isEqualTo(12.5);
        assertThat(s.getVideo().getFormat()).isEqualTo(VideoFormat.MP4);
        assertThat(s.getVideo().getWidth()).isEqualTo(854);
        assertThat(s.getVideo().getHeight()).isEqualTo(480);
        assertThat(s.getRenderDurationSeconds()).isEqualTo(7.25);
        assertThat(s.getAttempts()).isEqualTo(1);
        assertThat(s.getProgress()).isEqualTo(100);
        assertThat(s.getReadyAt()).isNotNull();
        assertThat(java.time.Instant.parse(s.getExpiresAt()))
                .isEqualTo(java.time.Instant.parse(s.getReadyAt()).plus(java.time.Duration.ofHours(24)));
        assertThat(s.getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("Ready");
            assertThat(c.getStatus()).isEqualTo("True");
        });
        assertThat(s.getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("Failed");
            assertThat(c.getStatus()).isEqualTo("False");
        });
        assertThat(s.getObservedGeneration()).isEqualTo(vj.getMetadata().getGeneration());
        assertThat(envt.store().list(prefix)).contains(prefix + "video.mp4", prefix + "code/attempt-1.py");
        // one event per transition, none for a wait that ended in the same reconcile
        var reasons = envt.client().v1().events().inNamespace(envt.namespace()).list().getItems().stream()
                .filter(e -> "web-direct".equals(e.getInvolvedObject().getName()))
                .map(e -> e.getReason())
                .toList();
        assertThat(reasons)
                .contains("CodeValidating", "Rendering", "Uploading", "Ready")
                .doesNotContain("Queued");
    }

    @Test
    void problemIsGeneratedThenRendered() throws Exception {
        create(VideoJobs.problem("tg-100"));
        Job codegen = jobs.awaitJob("tg-100-codegen-1");
        VideoJob vj = awaitPhase("tg-100", Phase.AI_GENERATING);
        assertThat(vj.getStatus().getAttempts()).isEqualTo(1);
        assertThat(jobs.env(codegen, "CODEGEN_PROBLEM_TEXT")).contains("triangle");
        assertThat(jobs.env(codegen, "CODEGEN_ATTEMPT")).isEqualTo("1");
        assertThat(jobs.env(codegen, "CODEGEN_PREVIOUS_ERROR")).isNull();
        assertThat(jobs.env(codegen, "CODEGEN_PROVIDERS")).isEqualTo("groq");
        assertThat(jobs.env(codegen, "CODEGEN_GROQ_MODEL")).isEqualTo("llama-3.3-70b-versatile");
        EnvVar apiKey = codegen.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getName().equals("CODEGEN_GROQ_API_KEY"))
                .findFirst()
                .orElseThrow();
        assertThat(apiKey.getValue()).isNull();
        assertThat(apiKey.getValueFrom().getSecretKeyRef().getName()).isEqualTo("manim-video-ai");
        assertThat(apiKey.getValueFrom().getSecretKeyRef().getOptional()).isTrue();

        jobs.codegenSucceeds("tg-100-codegen-1", VideoJobs.CODE);
        Job render = jobs.awaitJob("tg-100-render-1");
        assertThat(jobs.get(render, "MANIMRENDER_CODE_URL").body()).isEqualTo(VideoJobs.CODE);
        vj = awaitPhase("tg-100", Phase.CODE_VALIDATING);
        assertThat(vj.getStatus().getCode().getSource()).isEqualTo(CodeRef.Source.AI);
        assertThat(vj.getStatus().getCode().getObjectKey()).endsWith("code/attempt-1.py");
        assertThat(vj.getStatus().getAiProvider()).isEqualTo("groq");
        assertThat(vj.getStatus().getAiModel()).isEqualTo("llama-3.3-70b-versatile");
        assertThat(vj.getStatus().getGracefulDegradationUsed()).isFalse();
        assertThat(vj.getStatus().getMathVerified()).isEqualTo(MathVerified.TRUE);

        jobs.renderSucceeds("tg-100-render-1");
        vj = awaitPhase("tg-100", Phase.READY);
        assertThat(vj.getStatus().getAttempts()).isEqualTo(1);
        assertThat(vj.getStatus().getLastError()).isNull();
    }

    @Test
    void offlineExplanationIsRecordedAsTheExplainersVerifiedCodeAndNarrationIsAskedFor() throws Exception {
        VideoJob asked = VideoJobs.problem("tg-101");
        Accessibility accessibility = new Accessibility();
        accessibility.setAudioDescription(true);
        accessibility.setHighContrast(true);
        accessibility.setLargeText(true);
        asked.getSpec().setAccessibility(accessibility);
        asked.getSpec().setLanguage("es");
        create(asked);
        jobs.codegenSucceeds("tg-101-codegen-1", VideoJobs.CODE, Results.codegenExplained(VideoJobs.CODE));
        Job render = jobs.awaitJob("tg-101-render-1");
        // audio description asked for: the render pod speaks the subtitles into the video
        assertThat(jobs.env(render, "MANIMRENDER_AUDIO_DESCRIPTION")).isEqualTo("true");
        // and high contrast and large text are the renderer's theme, not only a hint in the prompt
        assertThat(jobs.env(render, "MANIMRENDER_THEME")).isEqualTo("high_contrast,large_text");
        // the job's language reaches the render pod, for the narration's voice
        assertThat(jobs.env(render, "MANIMRENDER_LANGUAGE")).isEqualTo("es");
        VideoJob vj = awaitPhase("tg-101", Phase.CODE_VALIDATING);
        assertThat(vj.getStatus().getCode().getSource()).isEqualTo(CodeRef.Source.EXPLAINER);
        assertThat(vj.getStatus().getAiProvider()).isEqualTo("offline-explainer");
        assertThat(vj.getStatus().getMathVerified()).isEqualTo(MathVerified.TRUE);
        assertThat(vj.getStatus().getGracefulDegradationUsed()).isFalse();
    }

    @Test
    void childPodsAreLockedDownAndHoldNoStorageKeys() {
        create(VideoJobs.directCode("web-sec"));
        create(VideoJobs.problem("web-sec2"));
        for (Job job : List.of(jobs.awaitJob("web-sec-render-1"), jobs.awaitJob("web-sec2-codegen-1"))) {
            assertThat(job.getSpec().getBackoffLimit()).isZero();
            assertThat(job.getSpec().getActiveDeadlineSeconds()).isPositive();
            assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(600);
            assertThat(job.getMetadata().getOwnerReferences())
                    .singleElement()
                    .satisfies(o -> assertThat(o.getKind()).isEqualTo("VideoJob"));
            assertThat(job.getMetadata().getLabels())
                    .containsEntry("app.kubernetes.io/managed-by", "manim-video-operator")
                    .containsKey("manimvideo.io/attempt")
                    .containsKey("manimvideo.io/workload");
            PodSpec pod = job.getSpec().getTemplate().getSpec();
            assertThat(pod.getRestartPolicy()).isEqualTo("Never");
            assertThat(pod.getAutomountServiceAccountToken()).isFalse();
            assertThat(pod.getEnableServiceLinks()).isFalse();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            var container = pod.getContainers().get(0);
            var sc = container.getSecurityContext();
            if (job.getMetadata().getName().contains("-render-")) {
                // bubblewrap inside: a pod user namespace, an unmasked /proc, profiles that allow creating namespaces
                assertThat(pod.getHostUsers()).isFalse();
                assertThat(sc.getProcMount()).isEqualTo("Unmasked");
                assertThat(sc.getSeccompProfile().getType()).isEqualTo("Unconfined");
                assertThat(sc.getAppArmorProfile().getType()).isEqualTo("Unconfined");
            } else {
                assertThat(pod.getSecurityContext().getSeccompProfile().getType())
                        .isEqualTo("RuntimeDefault");
                assertThat(sc.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
                assertThat(pod.getHostUsers()).isNull();
            }
            assertThat(sc.getRunAsNonRoot()).isTrue();
            assertThat(sc.getRunAsUser()).isEqualTo(10001L);
            assertThat(sc.getReadOnlyRootFilesystem()).isTrue();
            assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
            assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(container.getResources().getLimits()).containsKeys("cpu", "memory");
            assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
            assertThat(container.getTerminationMessagePolicy()).isEqualTo("File");
            assertThat(container.getVolumeMounts())
                    .extracting(m -> m.getMountPath())
                    .contains("/work", "/tmp");
            assertThat(pod.getVolumes())
                    .allSatisfy(v -> assertThat(v.getEmptyDir().getSizeLimit()).isNotNull());
            // pods get presigned URLs (which name the access key id, as SigV4 does), never the keys themselves
            String everything = envt.client().getKubernetesSerialization().asJson(job);
            assertThat(everything).doesNotContain(envt.config().storage().secretKey());
            assertThat(container.getEnv())
                    .noneSatisfy(e -> assertThat(e.getValue())
                            .isIn(
                                    envt.config().storage().accessKey(),
                                    envt.config().storage().secretKey()));
            assertThat(container.getEnv())
                    .extracting(EnvVar::getName)
                    .noneMatch(n -> n.startsWith("STORAGE_") || n.startsWith("AWS_"));
            assertThat(container.getEnv())
                    .filteredOn(
                            e -> e.getName().endsWith("_URL") && !e.getName().contains("GROQ"))
                    .allSatisfy(e -> assertThat(e.getValue()).contains("X-Amz-Signature="));
        }
    }
}
