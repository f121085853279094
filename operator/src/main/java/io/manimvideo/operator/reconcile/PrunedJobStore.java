package io.manimvideo.operator.reconcile;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;

/**
 * The Job informer's store, without pod templates: the operator reads a child Job's metadata, deadline and
 * status only, and the template (environment full of presigned URLs, volumes, security context) was most of
 * each cached Job's memory.
 */
final class PrunedJobStore extends BasicItemStore<Job> {
  PrunedJobStore() {
    super(Cache::metaNamespaceKeyFunc);
  }

  @Override
  public Job put(String key, Job job) {
    if (job.getSpec() != null) {
      job.getSpec().setTemplate(null);
    }
    return super.put(key, job);
  }
}
