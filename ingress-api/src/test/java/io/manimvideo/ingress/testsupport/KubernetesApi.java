package io.manimvideo.ingress.testsupport;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.manimvideo.localinfra.controlplane.ControlPlane;
import io.manimvideo.localinfra.controlplane.SharedControlPlane;
import io.manimvideo.localinfra.controlplane.VideoJobCrd;

/**
 * The test JVM's real control plane ({@link SharedControlPlane}: etcd, kube-apiserver with RBAC) with the
 * committed VideoJob CRD installed, and a namespace of its own, so tests never see each other's VideoJobs.
 * Clients authenticate as the admin over HTTPS (the server's self-signed certificate trusted).
 */
public final class KubernetesApi implements KubernetesEndpoint {
    private final ControlPlane plane;
    private final String namespace;
    private final KubernetesClient adminClient;

    public KubernetesApi() {
        this(SharedControlPlane.get());
        VideoJobCrd.install(adminClient);
    }

    /** A namespace on {@code plane}, which may not have the VideoJob CRD yet. */
    public KubernetesApi(ControlPlane plane) {
        this.plane = plane;
        namespace = plane.createNamespace("ingress");
        adminClient = plane.client(namespace);
    }

    @Override
    public KubernetesClient client() {
        return adminClient;
    }

    @Override
    public KubernetesClient newClient() {
        return plane.client(namespace);
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public void close() {
        adminClient.namespaces().withName(namespace).delete();
        adminClient.close();
    }
}
