package io.manimvideo.localinfra.controlplane;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The command lines of etcd, kube-apiserver and kube-controller-manager, as this product runs them. */
final class ControlPlaneCommands {
    static final String SERVICE_CLUSTER_IP_RANGE = "10.96.0.0/16";
    /** Node ports a Service may ask for when there is a node. */
    public static final String NODE_PORT_RANGE = "8000-32767";
    /**
     * The controllers kube-controller-manager runs; nothing else reconciles in this control plane. The last five
     * serve the node: its taints follow its readiness, pods get the cluster's CA ({@code kube-root-ca.crt}), and
     * the chart's Deployments and Services work.
     */
    static final List<String> CONTROLLERS = List.of(
            "job-controller",
            "garbage-collector-controller",
            "ttl-after-finished-controller",
            "namespace-controller",
            "serviceaccount-controller",
            "node-lifecycle-controller",
            "root-ca-certificate-publisher-controller",
            "deployment-controller",
            "replicaset-controller",
            "endpointslice-controller");

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

    /**
     * @param address where it listens and what it advertises: 127.0.0.1 without a node; with one, the node's address
     *     on its pod bridge, which pods reach through the {@code kubernetes} Service
     * @param kubeletClient present when there is a node: the certificate it shows the kubelet
     */
    static List<String> apiServer(
            ControlPlaneBinaries binaries,
            String etcdUrl,
            String address,
            int port,
            Path certDir,
            ControlPlaneCredentials credentials,
            Optional<KubeletClientCertificate> kubeletClient) {
        List<String> command = new ArrayList<>(List.of(
                binaries.apiServer().toString(),
                "--etcd-servers",
                etcdUrl,
                "--bind-address",
                address,
                "--secure-port",
                String.valueOf(port),
                "--advertise-address",
                address,
                "--cert-dir",
                certDir.toString(),
                "--token-auth-file",
                credentials.tokenFile().toString(),
                // the Node authorizer and NodeRestriction keep the kubelet to its own node and pods
                "--authorization-mode",
                "Node,RBAC",
                "--enable-admission-plugins",
                "NodeRestriction",
                "--service-account-issuer",
                "https://kubernetes.default.svc.cluster.local",
                "--service-account-key-file",
                credentials.serviceAccountPublicKey().toString(),
                "--service-account-signing-key-file",
                credentials.serviceAccountKey().toString(),
                "--service-cluster-ip-range",
                SERVICE_CLUSTER_IP_RANGE,
                // kubectl logs and exec reach the kubelet on the InternalIP of its Node; without
                // --kubelet-certificate-authority the API server does not verify the kubelet's serving certificate
                "--kubelet-preferred-address-types",
                "InternalIP",
                "--profiling=false"));
        if (kubeletClient.isPresent()) {
            command.addAll(List.of(
                    "--kubelet-client-certificate",
                    kubeletClient.get().certificate().toString(),
                    "--kubelet-client-key",
                    kubeletClient.get().key().toString(),
                    // the local stack serves the web page on a node port of the usual kind (8080)
                    "--service-node-port-range",
                    NODE_PORT_RANGE));
        } else {
            // the default reconciler rejects a loopback address for the kubernetes Service's endpoints; without a
            // node no pod needs them
            command.addAll(List.of("--endpoint-reconciler-type", "none"));
        }
        return List.copyOf(command);
    }

    static List<String> controllerManager(ControlPlaneBinaries binaries, Path kubeconfig, Path rootCa) {
        return List.of(
                binaries.controllerManager().toString(),
                "--kubeconfig",
                kubeconfig.toString(),
                "--root-ca-file",
                rootCa.toString(),
                "--controllers",
                String.join(",", CONTROLLERS),
                "--leader-elect=false",
                "--secure-port",
                "0",
                "--profiling=false");
    }
}
