package io.manimvideo.operator.parts;

import static io.manimvideo.operator.workload.SandboxJobBuilder.env;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.manimvideo.api.VideoFormat;
import io.manimvideo.api.VideoJob;
import io.manimvideo.operator.config.OperatorConfig;
import io.manimvideo.operator.outcome.JobOutcomeReader;
import io.manimvideo.operator.storage.ArtifactStore;
import io.manimvideo.operator.storage.StorageLayout;
import io.manimvideo.operator.workload.RenderJobFactory;
import io.manimvideo.operator.workload.Workload;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The render in parts of an attempt whose render pod planned the scene in parts ({@code <videojob>-parts-<n>}):
 * the same pod as a single render's ({@link RenderJobFactory}), as one Indexed Job. Kubernetes gives each pod its
 * {@code JOB_COMPLETION_INDEX}, which selects its range in {@code MANIMRENDER_PARTS} and its line in each
 * {@code MANIMRENDER_PART_*_URLS} list; {@code backoffLimitPerIndex} retries only the index that failed, and
 * {@code maxFailedIndexes: 0} ends the Job at the first index that has used its retries up. Each part writes its
 * log to an object of its own ({@link StorageLayout#partLog}), as its pods run at once.
 *
 * <p>The last index joins the parts ({@code MANIMRENDER_JOIN_INDEX}): after its own range it waits for the others'
 * parts in storage (its GET lines), joins them and uploads the one video with the single render's URLs, so its
 * result is the video's ({@link JobOutcomeReader#RESULT_INDEX}) and no pod has to start for the join. The last
 * index is the one the Job controller starts last, so it mostly waits least. Every pod gets the video's URLs (a
 * Job's pods share one template); only the last uses them. When the Job starts the last index again because its
 * pod was lost after it stored the video, the new try finds the stored result and the video it names (GETs of
 * both) and ends with that result: the video is neither rendered nor uploaded twice.
 */
public class IndexedRenderJobFactory {
    /**
     * The single render's URLs a part must not have: its progress and its log (the parts run at once: each writes
     * its own, {@code MANIMRENDER_PART_PROGRESS_PUT_URLS} and {@code MANIMRENDER_PART_LOG_PUT_URLS}).
     */
    static final Set<String> NOT_FOR_PARTS = Set.of("MANIMRENDER_PROGRESS_PUT_URL", "MANIMRENDER_LOG_PUT_URL");

    private final OperatorConfig config;
    private final ArtifactStore store;
    private final RenderJobFactory renders;
    private final int backoffLimitPerIndex;

    public IndexedRenderJobFactory(
            OperatorConfig config, ArtifactStore store, RenderJobFactory renders, int backoffLimitPerIndex) {
        this.config = config;
        this.store = store;
        this.renders = renders;
        this.backoffLimitPerIndex = backoffLimitPerIndex;
    }

    /**
     * The Indexed Job rendering {@code parts} of the code at {@code codeKey}, {@code parallelism} pods at a time
     * (see {@link PartsParallelism}).
     */
    public Job create(VideoJob vj, int attempt, String codeKey, RenderParts parts, int parallelism) {
        Job job = renders.create(vj, Workload.PARTS.child(vj.getMetadata().getName(), attempt), codeKey, List.of());
        // the plan's estimate of each part travels with the Job: the progress over all parts is weighted by it
        int n = parts.count();
        job.getMetadata()
                .setAnnotations(Map.of(
                        RenderParts.ANNOTATION,
                        parts.annotation(),
                        JobOutcomeReader.RESULT_INDEX,
                        String.valueOf(n - 1)));
        JobSpec spec = job.getSpec();
        spec.setCompletionMode("Indexed");
        spec.setCompletions(parts.count());
        spec.setParallelism(parallelism);
        spec.setBackoffLimit(null); // with a limit per index, the Job-wide one is not used
        spec.setBackoffLimitPerIndex(backoffLimitPerIndex);
        spec.setMaxFailedIndexes(0);
        StorageLayout layout = new StorageLayout(vj.getStatus().getStoragePrefix());
        VideoFormat format = vj.getSpec().getOptions().getFormat();
        var ttl = config.presignTtl();
        Container container = spec.getTemplate().getSpec().getContainers().get(0);
        List<EnvVar> env = container.getEnv().stream()
                .filter(e -> !NOT_FOR_PARTS.contains(e.getName()))
                .collect(Collectors.toList());
        env.add(env("MANIMRENDER_PARTS", parts.wire()));
        env.add(env("MANIMRENDER_JOIN_INDEX", n - 1));
        env.add(env(
                "MANIMRENDER_PART_VIDEO_PUT_URLS",
                PartUrls.puts(store, n, i -> layout.partVideo(attempt, i, format), ttl)));
        env.add(env(
                "MANIMRENDER_PART_RESULT_PUT_URLS", PartUrls.puts(store, n, i -> layout.partResult(attempt, i), ttl)));
        env.add(env(
                "MANIMRENDER_PART_PROGRESS_PUT_URLS",
                PartUrls.puts(store, n, i -> layout.partProgress(attempt, i), ttl)));
        String jobName = job.getMetadata().getName();
        env.add(env("MANIMRENDER_PART_LOG_PUT_URLS", PartUrls.puts(store, n, i -> layout.partLog(jobName, i), ttl)));
        env.addAll(PartUrls.forTheJoin(store, n, attempt, layout, format, ttl));
        // a joining index the Job starts again after its pod was lost late adopts what its lost try stored
        env.add(env("MANIMRENDER_STORED_RESULT_URL", store.presignGet(layout.result(attempt), ttl)));
        env.add(env("MANIMRENDER_STORED_VIDEO_URL", store.presignGet(layout.video(format), ttl)));
        container.setEnv(env);
        return job;
    }
}
