package io.manimvideo.testsupport.controlplane;

import java.nio.file.Path;
import java.util.List;

/** The command lines of etcd, kube-apiserver and kube-controller-manager, as this product runs them. */
final class ControlPlaneCommands {
    static final String SERVICE_CLUSTER_IP_RANGE = "10.96.0.0/16";
    /** The controllers kube-controller-manager runs; nothing else reconciles in this control plane. */
    static final List<String> CONTROLLERS = List.of(
            "job-controller",
            "garbage-collector-controller",
            "ttl-after-finished-controller",
            "namespace-controller",
            "serviceaccount-controller");

    private ControlPlaneCommands() {}

    static List<String> etcd(ControlPlaneBinaries binaries, Path dataDir, int clientPort, int peerPort) {
        String clientUrl = "http://127.0.0.1:" + clientPort;
        return List.of(
                binaries.etcd().toString(),
                "--name",
                "manim-video",
                "--data-dir",
                dataDir.toString(),
                "--listen-client-urls",
                clientUrl,
                "--advertise-client-urls",
                clientUrl,
                "--listen-peer-urls",
                "http://127.0.0.1:" + peerPort,
                "--initial-advertise-peer-urls",
                "http://127.0.0.1:" + peerPort,
                "--initial-cluster",
                "manim-video=http://127.0.0.1:" + peerPort,
                // a local, throw-away store: losing the last writes on a power cut is fine, waiting for fsync is not
                "--unsafe-no-fsync",
                "--log-level",
                "warn");
    }

    static List<String> apiServer(
            ControlPlaneBinaries binaries,
            String etcdUrl,
            int port,
            Path certDir,
            ControlPlaneCredentials credentials) {
        return List.of(
                binaries.apiServer().toString(),
                "--etcd-servers",
                etcdUrl,
                "--bind-address",
                "127.0.0.1",
                "--secure-port",
                String.valueOf(port),
                "--advertise-address",
                "127.0.0.1",
                "--cert-dir",
                certDir.toString(),
                "--token-auth-file",
                credentials.tokenFile().toString(),
                "--authorization-mode",
                "RBAC",
                "--service-account-issuer",
                "https://kubernetes.default.svc.cluster.local",
                "--service-account-key-file",
                credentials.serviceAccountPublicKey().toString(),
                "--service-account-signing-key-file",
                credentials.serviceAccountKey().toString(),
                "--service-cluster-ip-range",
                SERVICE_CLUSTER_IP_RANGE,
                // the default reconciler rejects a loopback address for the kubernetes Service's endpoints
                "--endpoint-reconciler-type",
                "none",
                // kubectl logs: the node agent serves the kubelet's log endpoint on the InternalIP of its Node; without
                // --kubelet-certificate-authority the API server does not verify the kubelet's serving certificate
                "--kubelet-preferred-address-types",
                "InternalIP",
                "--profiling=false");
    }

    static List<String> controllerManager(ControlPlaneBinaries binaries, Path kubeconfig) {
        return List.of(
                binaries.controllerManager().toString(),
                "--kubeconfig",
                kubeconfig.toString(),
                "--controllers",
                String.join(",", CONTROLLERS),
                "--leader-elect=false",
                "--secure-port",
                "0",
                "--profiling=false");
    }
}
