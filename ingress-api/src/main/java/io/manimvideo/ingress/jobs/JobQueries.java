package io.manimvideo.ingress.jobs;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.manimvideo.api.VideoJob;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Reads and the two client-side writes besides creation: cancel (delete) and the delivery annotation,
 * which is the only thing besides spec a client writes on a VideoJob.
 */
public final class JobQueries {
    private final KubernetesClient client;
    private final String namespace;
    private final KubernetesCalls calls;

    public JobQueries(KubernetesClient client, String namespace, KubernetesCalls calls) {
        this.client = client;
        this.namespace = namespace;
        this.calls = calls;
    }

    /** The job of that name; empty for a name no VideoJob can have (a forged button, a fuzzed path). */
    public Future<Optional<VideoJob>> get(String name) {
        if (!JobNames.isValid(name)) {
            return Future.succeededFuture(Optional.empty());
        }
        return calls.call(() -> Optional.ofNullable(jobs().withName(name).get()));
    }

    /** A job of this session, or empty: another session's job is as invisible as a missing one. */
    public Future<Optional<VideoJob>> getForSession(String name, String sessionId) {
        return get(name).map(job -> job.filter(j -> sessionId.equals(j.getSpec().getSessionId())));
    }

    /** The session's VideoJobs, newest first. */
    public Future<List<VideoJob>> listBySession(String sessionId) {
        return calls.call(() -> jobs().withLabel(JobLabels.SESSION, sessionId).list().getItems().stream()
                .sorted(Comparator.comparing(
                                (VideoJob j) -> String.valueOf(j.getMetadata().getCreationTimestamp()))
                        .reversed())
                .toList());
    }

    /** Cancels: deleting the VideoJob stops its work and removes everything it stored. */
    public Future<Boolean> delete(String name) {
        if (!JobNames.isValid(name)) {
            return Future.succeededFuture(false);
        }
        return calls.call(() -> !jobs().withName(name).delete().isEmpty());
    }

    /**
     * Sets {@code manimvideo.io/delivered-at} unless already set (the first delivery counts). Returns the
     * time recorded.
     */
    public Future<String> markDelivered(String name, Instant at) {
        if (!JobNames.isValid(name)) {
            return Future.succeededFuture(null);
        }
        return calls.call(() -> {
            VideoJob job = jobs().withName(name).get();
            if (job == null) {
                return null;
            }
            String existing = job.getMetadata().getAnnotations() == null
                    ? null
                    : job.getMetadata().getAnnotations().get(VideoJob.DELIVERED_ANNOTATION);
            if (existing != null) {
                return existing;
            }
            String value = at.truncatedTo(ChronoUnit.SECONDS).toString();
            JsonObject patch = new JsonObject()
                    .put(
                            "metadata",
                            new JsonObject()
                                    .put("annotations", new JsonObject().put(VideoJob.DELIVERED_ANNOTATION, value)));
            jobs().withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), patch.encode());
            return value;
        });
    }

    private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
                    VideoJob,
                    io.fabric8.kubernetes.api.model.KubernetesResourceList<VideoJob>,
                    io.fabric8.kubernetes.client.dsl.Resource<VideoJob>>
            jobs() {
        return client.resources(VideoJob.class).inNamespace(namespace);
    }
}
