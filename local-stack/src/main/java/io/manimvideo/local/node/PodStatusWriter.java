package io.manimvideo.local.node;

import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** Writes a Pod's status through the status subresource, as the kubelet does; a Pod deleted meanwhile is left alone. */
final class PodStatusWriter {
  private final KubernetesClient client;

  PodStatusWriter(KubernetesClient client) {
    this.client = client;
  }

  void write(String namespace, String name, PodStatus status) {
    try {
      client.pods().inNamespace(namespace).withName(name).editStatus(pod -> {
        pod.setStatus(status);
        return pod;
      });
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }
}
