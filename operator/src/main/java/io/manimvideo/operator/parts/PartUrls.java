package io.manimvideo.operator.parts;

import static io.manimvideo.operator.workload.SandboxJobBuilder.env;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.manimvideo.api.VideoFormat;
import io.manimvideo.operator.storage.ArtifactStore;
import io.manimvideo.operator.storage.StorageLayout;
import java.time.Duration;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The URL lists of a render in parts: one presigned URL per part, a line each, in index order (the render image's
 * {@code MANIMRENDER_PART_*_URLS} variables; each pod takes the line of its index, the join all of them).
 */
final class PartUrls {
    private PartUrls() {}

    /** Where each part's pod PUTs its object {@code key(i)}. */
    static String puts(ArtifactStore store, int parts, IntFunction<String> key, Duration ttl) {
        return lines(parts, i -> store.presignPut(key.apply(i), ttl));
    }

    /** Where the join GETs each part's object {@code key(i)}. */
    static String gets(ArtifactStore store, int parts, IntFunction<String> key, Duration ttl) {
        return lines(parts, i -> store.presignGet(key.apply(i), ttl));
    }

    /**
     * What the pod that joins the parts reads them by: a GET line per part for its video and for its result
     * ({@code MANIMRENDER_PART_VIDEO_URLS}, {@code MANIMRENDER_PART_RESULT_URLS}).
     */
    static List<EnvVar> forTheJoin(
            ArtifactStore store, int parts, int attempt, StorageLayout layout, VideoFormat format, Duration ttl) {
        return List.of(
                env("MANIMRENDER_PART_VIDEO_URLS", gets(store, parts, i -> layout.partVideo(attempt, i, format), ttl)),
                env("MANIMRENDER_PART_RESULT_URLS", gets(store, parts, i -> layout.partResult(attempt, i), ttl)));
    }

    private static String lines(int parts, IntFunction<String> url) {
        return IntStream.range(0, parts).mapToObj(url).collect(Collectors.joining("\n"));
    }
}
