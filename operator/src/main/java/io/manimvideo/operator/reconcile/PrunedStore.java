package io.manimvideo.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.manimvideo.api.VideoJob;
import java.util.function.Consumer;

/**
 * An informer store that keeps only what the operator reads. Every object loses
 * {@code metadata.managedFields} (server-side apply's bookkeeping: on a real API server most of a cached
 * VideoJob's memory, and the operator never reads it); child Jobs also lose their pod template (environment
 * full of presigned URLs, volumes, security context), as the operator reads a Job's metadata, deadline and
 * status only, and child pods their spec.
 *
 * <p>The store also tells who listens each time an object is seen (first sight and every change) and when it is
 * gone: the informer puts objects in the order the API server sends them, so the first sight of a newly created
 * object comes in creation order, before any event for it reaches a reconciler, and every change is seen here
 * also on an operator that does not reconcile (a standby, while another replica leads).
 */
public final class PrunedStore<T extends HasMetadata> extends BasicItemStore<T> {
    private static final Consumer<Object> NOBODY = o -> {};

    private final Consumer<T> prune;
    private final Consumer<? super T> seen;
    private final Consumer<? super T> removed;

    private PrunedStore(Consumer<T> prune, Consumer<? super T> seen, Consumer<? super T> removed) {
        super(Cache::metaNamespaceKeyFunc);
        this.prune = prune;
        this.seen = seen;
        this.removed = removed;
    }

    /** VideoJobs, telling {@code seen} and {@code removed} (called under the informer's cache lock). */
    public static PrunedStore<VideoJob> forVideoJobs(Consumer<VideoJob> seen, Consumer<VideoJob> removed) {
        return new PrunedStore<>(vj -> {}, seen, removed);
    }

    public static PrunedStore<Job> forJobs() {
        return new PrunedStore<>(
                job -> {
                    if (job.getSpec() != null) {
                        job.getSpec().setTemplate(null);
                    }
                },
                NOBODY,
                NOBODY);
    }

    /** Child pods keep their metadata and status only: their spec holds the same presigned URLs as the Job's. */
    public static PrunedStore<Pod> forPods() {
        return new PrunedStore<>(pod -> pod.setSpec(null), NOBODY, NOBODY);
    }

    @Override
    public T put(String key, T obj) {
        obj.getMetadata().setManagedFields(null);
        prune.accept(obj);
        T previous = super.put(key, obj);
        seen.accept(obj);
        return previous;
    }

    @Override
    public T remove(String key) {
        T gone = super.remove(key);
        if (gone != null) {
            removed.accept(gone);
        }
        return gone;
    }
}
