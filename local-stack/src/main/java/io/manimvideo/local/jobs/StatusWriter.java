package io.manimvideo.local.jobs;

import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.function.UnaryOperator;

/** Writes Pod and Job status through the status subresource; an object deleted meanwhile is left alone. */
final class StatusWriter {
  private final KubernetesClient client;

  StatusWriter(KubernetesClient client) {
    this.client = client;
  }

  void pod(String namespace, String name, PodStatus status) {
    ignoreGone(() -> client.pods().inNamespace(namespace).withName(name).editStatus(pod -> {
      pod.setStatus(status);
      return pod;
    }));
  }

  void job(String namespace, String name, UnaryOperator<JobStatus> change) {
    ignoreGone(() -> client.batch().v1().jobs().inNamespace(namespace).withName(name).editStatus(job -> {
      job.setStatus(change.apply(job.getStatus() == null ? new JobStatus() : job.getStatus()));
      return job;
    }));
  }

  private static void ignoreGone(Runnable write) {
    try {
      write.run();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }
}
