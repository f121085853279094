package io.manimvideo.operator.parts;

import static io.manimvideo.operator.workload.SandboxJobBuilder.env;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.manimvideo.api.VideoFormat;
import io.manimvideo.api.VideoJob;
import io.manimvideo.operator.config.OperatorConfig;
import io.manimvideo.operator.storage.ArtifactStore;
import io.manimvideo.operator.storage.StorageLayout;
import io.manimvideo.operator.workload.RenderJobFactory;
import io.manimvideo.operator.workload.Workload;
import java.util.stream.Stream;

/**
 * The join of a render in parts as a Job of its own ({@code <videojob>-join-<n>}), for a parts Job made before its
 * last part joined the parts itself ({@link IndexedRenderJobFactory}): one pod of the render image that fetches the parts'
 * videos and results, joins them without re-encoding, checks the whole video as every output is checked (container,
 * codec, size, the maximum duration over the whole video), joins the captions at their offsets and uploads the one
 * video with the single render's URLs. It gets no code: nothing untrusted runs in it but the parts' files, which go
 * through ffmpeg in the sandbox like any output.
 */
public class JoinJobFactory {
    private final OperatorConfig config;
    private final ArtifactStore store;
    private final RenderJobFactory renders;

    public JoinJobFactory(OperatorConfig config, ArtifactStore store, RenderJobFactory renders) {
        this.config = config;
        this.store = store;
        this.renders = renders;
    }

    /** The Job joining the {@code parts} parts of {@code attempt}. */
    public Job create(VideoJob vj, int attempt, int parts) {
        StorageLayout layout = new StorageLayout(vj.getStatus().getStoragePrefix());
        VideoFormat format = vj.getSpec().getOptions().getFormat();
        var ttl = config.presignTtl();
        return renders.create(
                vj,
                Workload.JOIN.child(vj.getMetadata().getName(), attempt),
                null,
                Stream.concat(
                                Stream.of(env("MANIMRENDER_JOIN_PARTS", parts)),
                                PartUrls.forTheJoin(store, parts, attempt, layout, format, ttl).stream())
                        .toList());
    }
}
