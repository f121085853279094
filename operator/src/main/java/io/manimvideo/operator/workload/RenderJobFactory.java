package io.manimvideo.operator.workload;

import static io.manimvideo.operator.workload.SandboxJobBuilder.env;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.manimvideo.api.Accessibility;
import io.manimvideo.api.AccessibilityNeed;
import io.manimvideo.api.RenderOptions;
import io.manimvideo.api.VideoJob;
import io.manimvideo.operator.config.OperatorConfig;
import io.manimvideo.operator.storage.ArtifactStore;
import io.manimvideo.operator.storage.StorageLayout;
import io.manimvideo.operator.workload.Workload.ChildJob;
import java.util.ArrayList;
import java.util.List;

/** The render Job of one attempt: the render pod's contract in docs/design-notes.md. */
public class RenderJobFactory {
    /** Room left between the render child process's limits and the pod's. */
    private static final int TIMEOUT_MARGIN_SECONDS = 60;

    private static final double MEMORY_SHARE = 0.8;

    private final OperatorConfig config;
    private final ArtifactStore store;
    private final SandboxJobBuilder sandbox;

    public RenderJobFactory(OperatorConfig config, ArtifactStore store, SandboxJobBuilder sandbox) {
        this.config = config;
        this.store = store;
        this.sandbox = sandbox;
    }

    /** A Job that renders the code stored at {@code codeKey} on one pod. */
    public Job create(VideoJob vj, int attempt, String codeKey) {
        return create(vj, attempt, codeKey, 1);
    }

    /**
     * The attempt's render Job, which may plan the scene in up to {@code planMaxParts} parts: a scene the plan
     * estimates at {@code RENDER_PARTS_MIN_SECONDS} or more ends the pod with the plan as its result (no video),
     * a shorter one the pod renders at once. With 1 there is no plan: the pod renders.
     */
    public Job create(VideoJob vj, int attempt, String codeKey, int planMaxParts) {
        List<EnvVar> plan = planMaxParts < 2
                ? List.of()
                : List.of(
                        env("MANIMRENDER_PLAN_MAX_PARTS", planMaxParts),
                        env("MANIMRENDER_PLAN_MIN_SECONDS", config.parts().minSeconds()));
        return create(vj, Workload.RENDER.child(vj.getMetadata().getName(), attempt), codeKey, plan);
    }

    /**
     * A pod of the render image for {@code child} (the render, and the parts and join of a render in parts, which
     * change its environment), with {@code extra} variables; without {@code codeKey} it gets no code (the join).
     */
    public Job create(VideoJob vj, ChildJob child, String codeKey, List<EnvVar> extra) {
        StorageLayout layout = new StorageLayout(vj.getStatus().getStoragePrefix());
        RenderOptions options = vj.getSpec().getOptions();
        var ttl = config.presignTtl();
        List<EnvVar> env = new ArrayList<>();
        if (codeKey != null) {
            env.add(env("MANIMRENDER_CODE_URL", store.presignGet(codeKey, ttl)));
        }
        env.addAll(List.of(
                env("MANIMRENDER_VIDEO_PUT_URL", store.presignPut(layout.video(options.getFormat()), ttl)),
                env("MANIMRENDER_THUMBNAIL_PUT_URL", store.presignPut(layout.thumbnail(), ttl)),
                env("MANIMRENDER_PROGRESS_PUT_URL", store.presignPut(layout.progress(child.attempt()), ttl)),
                env("MANIMRENDER_LOG_PUT_URL", store.presignPut(layout.log(child.name()), ttl)),
                env("MANIMRENDER_CAPTIONS_PUT_URL", store.presignPut(layout.captions(), ttl)),
                env("MANIMRENDER_TRANSCRIPT_PUT_URL", store.presignPut(layout.transcript(), ttl)),
                env("MANIMRENDER_RESULT_PUT_URL", store.presignPut(layout.result(child.attempt()), ttl)),
                env("MANIMRENDER_QUALITY", options.getQuality().wireName()),
                env("MANIMRENDER_FORMAT", options.getFormat().extension()),
                env("MANIMRENDER_MAX_DURATION_SECONDS", options.getMaxDurationSeconds()),
                env(
                        "MANIMRENDER_TIMEOUT_SECONDS",
                        Math.max(30, config.render().deadlineSeconds() - TIMEOUT_MARGIN_SECONDS)),
                env("MANIMRENDER_MEMORY_MB", memoryMegabytes(config.render().memoryLimit())),
                env("MANIMRENDER_WORK_DIR", SandboxJobBuilder.WORK_DIR),
                env("MANIMRENDER_RESULT_PATH", "/dev/termination-log"),
                // the narration's voice and words (the explainer's captions are in it already)
                env("MANIMRENDER_LANGUAGE", vj.getSpec().getLanguage()),
                // the pod is one render: where its sandbox cannot make a cgroup of its own (a non-root pod), the
                // pod's cgroup limits it as a whole
                env("MANIMRENDER_CGROUP", "container")));
        Accessibility accessibility = vj.getSpec().getAccessibility();
        if (accessibility != null && accessibility.isAudioDescription()) {
            env.add(env("MANIMRENDER_AUDIO_DESCRIPTION", "true"));
        }
        String theme = theme(accessibility);
        if (!theme.isEmpty()) {
            env.add(env("MANIMRENDER_THEME", theme));
        }
        if (vj.getSpec().getSceneName() != null) {
            env.add(env("MANIMRENDER_SCENE", vj.getSpec().getSceneName()));
        }
        env.addAll(extra);
        env.addAll(SandboxJobBuilder.apiRepairsSwitch(config.apiRepairs()));
        return sandbox.build(vj, child, config.render(), List.of("python", "-m", "manimrender", "job"), env);
    }

    /** The render-time theme: applied to AI and direct code alike, not only asked for in the prompt. */
    private static String theme(Accessibility a) {
        return AccessibilityNeed.wireList(AccessibilityNeed.of(a).stream()
                .filter(AccessibilityNeed::isTheme)
                .toList());
    }

    private static long memoryMegabytes(String limit) {
        var bytes = io.fabric8.kubernetes.api.model.Quantity.getAmountInBytes(
                new io.fabric8.kubernetes.api.model.Quantity(limit));
        return (long) (bytes.longValue() * MEMORY_SHARE / (1024 * 1024));
    }
}
