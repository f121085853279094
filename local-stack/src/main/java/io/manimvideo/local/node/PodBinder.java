package io.manimvideo.local.node;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Binds Pods to the local node through the {@code pods/binding} subresource, standing in for kube-scheduler. */
final class PodBinder {
    private static final Logger LOG = Logger.getLogger(PodBinder.class.getName());

    private final KubernetesClient client;
    private final String nodeName;

    PodBinder(KubernetesClient client, String nodeName) {
        this.client = client;
        this.nodeName = nodeName;
    }

    /** What kube-scheduler would do, with one node to choose from: POST pods/binding; false when it failed
     * and is to be tried again (a conflict means the Pod is bound already). */
    boolean bind(Pod pod) {
        String body = Serialization.asJson(Map.of(
                "apiVersion",
                "v1",
                "kind",
                "Binding",
                "metadata",
                Map.of("name", pod.getMetadata().getName()),
                "target",
                Map.of("apiVersion", "v1", "kind", "Node", "name", nodeName)));
        var http = client.getHttpClient();
        String url = client.getMasterUrl().toString().replaceAll("/$", "") + "/api/v1/namespaces/"
                + pod.getMetadata().getNamespace() + "/pods/"
                + pod.getMetadata().getName() + "/binding";
        try {
            var response = http.sendAsync(
                            http.newHttpRequestBuilder()
                                    .uri(url)
                                    .post("application/json", body)
                                    .build(),
                            String.class)
                    .get();
            if (response.code() >= 300 && response.code() != 409) {
                LOG.warning("binding " + pod.getMetadata().getName() + " failed: " + response.code() + " "
                        + response.body());
                return false;
            }
            return true;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.log(Level.WARNING, "binding " + pod.getMetadata().getName() + " failed", e);
            return false;
        }
    }
}
