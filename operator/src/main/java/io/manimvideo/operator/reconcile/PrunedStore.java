package io.manimvideo.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
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
 * status only.
 */
public final class PrunedStore<T extends HasMetadata> extends BasicItemStore<T> {
  private final Consumer<T> prune;

  private PrunedStore(Consumer<T> prune) {
    super(Cache::metaNamespaceKeyFunc);
    this.prune = prune;
  }

  public static PrunedStore<VideoJob> forVideoJobs() {
    return new PrunedStore<>(vj -> {});
  }

  public static PrunedStore<Job> forJobs() {
    return new PrunedStore<>(job -> {
      if (job.getSpec() != null) {
        job.getSpec().setTemplate(null);
      }
    });
  }

  @Override
  public T put(String key, T obj) {
    obj.getMetadata().setManagedFields(null);
    prune.accept(obj);
    return super.put(key, obj);
  }
}
