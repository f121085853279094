package io.manimvideo.operator.reconcile;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.manimvideo.api.CodeRef;
import io.manimvideo.api.Phase;
import io.manimvideo.api.VideoJob;
import io.manimvideo.api.VideoJobStatus;
import io.manimvideo.api.workload.WorkloadResult;
import io.manimvideo.operator.config.OperatorConfig;
import io.manimvideo.operator.lifecycle.LifecyclePolicy;
import io.manimvideo.operator.metrics.VideoJobMetrics;
import io.manimvideo.operator.outcome.JobOutcome;
import io.manimvideo.operator.parts.IndexedRenderJobFactory;
import io.manimvideo.operator.parts.JoinJobFactory;
import io.manimvideo.operator.queue.BulkDeletion;
import io.manimvideo.operator.queue.RenderQueue;
import io.manimvideo.operator.status.PhaseTransitions;
import io.manimvideo.operator.status.TestWords;
import io.manimvideo.operator.storage.ArtifactStore;
import io.manimvideo.operator.storage.StorageLayout;
import io.manimvideo.operator.testing.MutableClock;
import io.manimvideo.operator.testing.VideoJobs;
import io.manimvideo.operator.workload.CodegenJobFactory;
import io.manimvideo.operator.workload.RenderJobFactory;
import io.manimvideo.operator.workload.RenderProgress;
import io.manimvideo.operator.workload.SandboxJobBuilder;
import io.manimvideo.operator.workload.Workload;
import io.manimvideo.operator.workload.Workload.ChildJob;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The phase handlers wired as in the operator, without an API server: the real job factories (presigning is
 * local), render queue, lifecycle policy and metrics; the child Jobs the handlers create are recorded.
 * One render slot unless told more, so a test can take it.
 */
final class PhaseFixture {
    static final Instant NOW = Instant.parse("2026-01-17T10:00:00Z");
    static final String NAMESPACE = "videos";

    final OperatorConfig config;
    final ArtifactStore store;
    final RenderQueue queue;
    final LifecyclePolicy lifecycle;
    /** Real time for the render line's bulk-deletion window; the test moves it. */
    final MutableClock realTime = new MutableClock();

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final VideoJobMetrics metrics = new VideoJobMetrics(registry);
    /** Child Jobs the handlers asked the API server to create, in order. */
    final List<Job> created = new ArrayList<>();
    /** VideoJobs the API server has deleted (or is deleting) while the cache still shows them. */
    final Set<String> deleted = new HashSet<>();

    final JobEnd end;
    final NewJobHandler newJobs;
    final QueuedHandler queued;
    final RetryBudget retries;
    final AiGeneratingHandler aiGenerating;
    final CodeValidatingHandler codeValidating;
    final RenderingHandler rendering;
    final UploadingHandler uploading;

    /** Records the Jobs the handlers create; a VideoJob in {@link #deleted} is no longer wanted. */
    private final JobCreator jobCreator = new JobCreator() {
        @Override
        public void create(VideoJob vj, Job job) {
            created.add(job);
        }

        @Override
        public boolean stillWanted(VideoJob vj) {
            return !deleted.contains(vj.getMetadata().getName());
        }
    };

    PhaseFixture() {
        this(1);
    }

    /** With {@code renderSlots} as {@code MAX_CONCURRENT_RENDERS}. */
    PhaseFixture(int renderSlots) {
        config = OperatorConfig.fromEnv(Map.of(
                "POD_NAMESPACE",
                NAMESPACE,
                "STORAGE_ENDPOINT",
                "http://127.0.0.1:9",
                "MAX_CONCURRENT_RENDERS",
                String.valueOf(renderSlots)));
        store = new ArtifactStore(config.storage());
        queue = new RenderQueue(config.maxConcurrentRenders(), new BulkDeletion(realTime));
        lifecycle = new LifecyclePolicy(config.lifetimes(), store, null);
        end = new JobEnd(lifecycle, queue, metrics);
        newJobs = new NewJobHandler(lifecycle, end);
        SandboxJobBuilder sandbox = new SandboxJobBuilder(config.jobTtlAfterFinishedSeconds());
        queued = new QueuedHandler(
                config,
                lifecycle,
                queue,
                new DirectCode(store),
                new CodegenJobFactory(config, store, sandbox),
                new RenderJobFactory(config, store, sandbox),
                jobCreator,
                end);
        retries = new RetryBudget(queued, end, metrics, () -> true);
        RenderJobFactory renders = new RenderJobFactory(config, store, sandbox);
        RenderInParts inParts = new RenderInParts(
                config,
                queue,
                new IndexedRenderJobFactory(
                        config, store, renders, config.parts().retriesPerIndex()),
                new JoinJobFactory(config, store, renders),
                jobCreator);
        aiGenerating = new AiGeneratingHandler(config, queued, retries);
        codeValidating = new CodeValidatingHandler(config, retries, inParts);
        rendering = new RenderingHandler(config, retries, inParts);
        uploading = new UploadingHandler(config, queued, end, retries, inParts, metrics);
    }

    static VideoJob problem() {
        return accepted(VideoJobs.problem("tg-1"));
    }

    static VideoJob directCode() {
        return accepted(VideoJobs.directCode("tg-2"));
    }

    /** A VideoJob as the operator has it after first sight: created, with its storage prefix. */
    private static VideoJob accepted(VideoJob vj) {
        vj.getMetadata().setNamespace(NAMESPACE);
        vj.getMetadata().setUid("0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d");
        vj.getMetadata().setCreationTimestamp("2026-01-17T09:59:00Z");
        vj.getMetadata().setGeneration(1L);
        VideoJobStatus s = new VideoJobStatus();
        s.setCreatedAt("2026-01-17T09:59:00Z");
        s.setStoragePrefix(StorageLayout.of(vj).prefix());
        s.setAttempts(0);
        vj.setStatus(s);
        return vj;
    }

    /** The job in {@code phase} on child Job {@code step}, as a reconcile after that transition finds it. */
    static VideoJob on(VideoJob vj, Phase phase, ChildJob step) {
        vj.getStatus().setPhase(phase);
        vj.getStatus().setActiveJob(step.name());
        vj.getStatus().setAttempts(step.attempt());
        vj.getStatus().setStartedAt("2026-01-17T09:59:30Z");
        return vj;
    }

    /** Code AI wrote for attempt {@code attempt}, as the status records it. */
    static CodeRef aiCode(VideoJob vj, int attempt) {
        return new CodeRef(
                CodeRef.Source.AI,
                "ab".repeat(32),
                new StorageLayout(vj.getStatus().getStoragePrefix()).code(attempt),
                120L);
    }

    static ChildJob codegen(VideoJob vj, int attempt) {
        return Workload.CODEGEN.child(vj.getMetadata().getName(), attempt);
    }

    static ChildJob render(VideoJob vj, int attempt) {
        return Workload.RENDER.child(vj.getMetadata().getName(), attempt);
    }

    static Work notStarted(VideoJob vj, ChildJob step) {
        return new Work(vj, new PhaseTransitions(vj, NOW, TestWords.ENGLISH), Observation.notStarted(step));
    }

    static Work running(VideoJob vj, ChildJob step, RenderProgress progress) {
        return new Work(vj, new PhaseTransitions(vj, NOW, TestWords.ENGLISH), Observation.running(step, progress));
    }

    static Work finished(VideoJob vj, ChildJob step, JobOutcome outcome) {
        return new Work(vj, new PhaseTransitions(vj, NOW, TestWords.ENGLISH), Observation.finished(step, outcome));
    }

    static Work succeeded(VideoJob vj, ChildJob step, WorkloadResult result) {
        return finished(vj, step, JobOutcome.succeeded(result));
    }

    List<String> createdNames() {
        return created.stream().map(j -> j.getMetadata().getName()).toList();
    }

    /** An environment variable of the single container of the last Job created. */
    Optional<String> env(String name) {
        List<EnvVar> env = created.get(created.size() - 1)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getEnv();
        return env.stream()
                .filter(e -> name.equals(e.getName()))
                .map(EnvVar::getValue)
                .findFirst();
    }

    double counter(String name, String tag, String value) {
        var counter = registry.find(name).tag(tag, value).counter();
        return counter == null ? 0 : counter.count();
    }

    static String condition(VideoJob vj, String type) {
        return vj.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType()))
                .findFirst()
                .map(c -> c.getStatus() + "/" + c.getReason())
                .orElse("none");
    }
}
