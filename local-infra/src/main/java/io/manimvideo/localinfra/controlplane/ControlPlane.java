package io.manimvideo.localinfra.controlplane;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.manimvideo.localinfra.LoopbackPorts;
import io.manimvideo.localinfra.SupervisedProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A real Kubernetes control plane: etcd, then kube-apiserver (Node and RBAC authorization, self-signed serving
 * certificate, an admin token in {@code system:masters} and one token for each {@link Component} of a node), then
 * kube-controller-manager with the controllers this product needs ({@link ControlPlaneCommands#CONTROLLERS}; no
 * leader election). Without a node ({@link #start}) the API server listens on loopback and pods stay pending;
 * {@link #startForNode} makes it listen on the node's address, where pods reach it, with the certificate it shows
 * the kubelet. The scheduler and the node itself are the local stack's (module {@code local-stack}). All state
 * lives under the state directory ({@code etcd/}, {@code pki/}, {@code logs/}, {@code kubeconfig});
 * {@link #close()} stops the three processes in reverse order.
 */
public final class ControlPlane implements AutoCloseable {
    private final Deque<SupervisedProcess> processes = new ArrayDeque<>();
    private final Path stateDir;
    private final Consumer<String> console;
    private final String address;
    private final boolean forNode;
    private Optional<KubeletClientCertificate> kubeletClient = Optional.empty();
    private int apiPort;
    private ServingCertificate ca;
    private ControlPlaneCredentials credentials;
    private Path kubeconfig;

    private ControlPlane(Path stateDir, String address, boolean forNode, Consumer<String> console) {
        this.stateDir = stateDir.toAbsolutePath();
        this.address = address;
        this.forNode = forNode;
        this.console = console;
    }

    /**
     * Starts etcd, kube-apiserver and kube-controller-manager from {@code binaries} on free loopback ports, with
     * their state under {@code stateDir}, and returns once the API server is ready and the controllers run.
     */
    public static ControlPlane start(ControlPlaneBinaries binaries, Path stateDir, Consumer<String> console) {
        return start(new ControlPlane(stateDir, "127.0.0.1", false, console), binaries);
    }

    /**
     * As {@link #start}, for a cluster with a node: the API server listens on {@code nodeAddress} (an address of
     * this machine that the node's pods reach) and can reach the kubelet there.
     */
    public static ControlPlane startForNode(
            ControlPlaneBinaries binaries, Path stateDir, String nodeAddress, Consumer<String> console) {
        return start(new ControlPlane(stateDir, nodeAddress, true, console), binaries);
    }

    private static ControlPlane start(ControlPlane plane, ControlPlaneBinaries binaries) {
        try {
            plane.startAll(binaries);
            return plane;
        } catch (RuntimeException e) {
            plane.close();
            throw e;
        }
    }

    private void startAll(ControlPlaneBinaries binaries) {
        long started = System.nanoTime();
        createDirectories(stateDir);
        Path logs = createDirectories(stateDir.resolve("logs"));
        credentials = ControlPlaneCredentials.create(stateDir.resolve("auth"));

        int etcdPort = LoopbackPorts.free();
        String etcdUrl = "http://127.0.0.1:" + etcdPort;
        var etcd = keep(SupervisedProcess.start(
                "etcd",
                ControlPlaneCommands.etcd(binaries, stateDir.resolve("etcd"), etcdPort, LoopbackPorts.free()),
                logs.resolve("etcd.log")));
        StartupWaits.awaitHttp(etcd, HttpClient.newHttpClient(), URI.create(etcdUrl + "/health"));

        apiPort = LoopbackPorts.free();
        Path certDir = createDirectories(stateDir.resolve("pki"));
        if (forNode) {
            kubeletClient = Optional.of(KubeletClientCertificate.create(certDir.resolve("kubelet-client")));
        }
        var apiServer = keep(SupervisedProcess.start(
                "kube-apiserver",
                ControlPlaneCommands.apiServer(
                        binaries, etcdUrl, address, apiPort, certDir, credentials, kubeletClient),
                logs.resolve("kube-apiserver.log")));
        Path servingCert = certDir.resolve("apiserver.crt");
        StartupWaits.awaitFile(apiServer, servingCert);
        ca = new ServingCertificate(readString(servingCert));
        StartupWaits.awaitHttp(apiServer, ca.trustingClient(), URI.create(url() + "/readyz"));

        kubeconfig = writeKubeconfig(stateDir.resolve("kubeconfig"), "default");
        var controllerManager = keep(SupervisedProcess.start(
                "kube-controller-manager",
                ControlPlaneCommands.controllerManager(binaries, kubeconfig, servingCert),
                logs.resolve("kube-controller-manager.log")));
        try (var client = client()) {
            StartupWaits.awaitDefaultServiceAccount(controllerManager, client);
        }
        // from here on a part that dies is started again (with the same state, ports and certificates)
        processes.forEach(process -> process.supervise(console));
        console.accept(String.format(
                Locale.ROOT,
                "control plane ready in %.1f s: %s (state in %s)",
                (System.nanoTime() - started) / 1e9,
                url(),
                stateDir));
    }

    /** {@code https://<address>:<port>}. */
    public String url() {
        return "https://" + address + ":" + apiPort;
    }

    /** The address the API server listens on: 127.0.0.1, or the node's address. */
    public String address() {
        return address;
    }

    /** The API server's port. */
    public int port() {
        return apiPort;
    }

    public Path stateDir() {
        return stateDir;
    }

    /** The admin's kubeconfig (namespace {@code default}), for kubectl and other clients. */
    public Path kubeconfig() {
        return kubeconfig;
    }

    /** An HTTP client that trusts this control plane's serving certificate, e.g. for the API server's /metrics. */
    public HttpClient httpClient() {
        return ca.trustingClient();
    }

    /** The PEM the API server's serving certificate chains to. */
    public String caCertificate() {
        return ca.pem();
    }

    /** The bearer token of the admin (group {@code system:masters}). */
    public String adminToken() {
        return credentials.adminToken();
    }

    /** Where each process writes its output: {@code <state>/logs/<name>.log}. */
    public Path logDir() {
        return stateDir.resolve("logs");
    }

    /** Client configuration of the admin in {@code namespace}. */
    public Config config(String namespace) {
        return new ConfigBuilder(Config.empty())
                .withMasterUrl(url())
                .withCaCertData(ca.base64())
                .withOauthToken(credentials.adminToken())
                .withNamespace(namespace)
                .withHttp2Disable(true) // as for the readiness probe: the JDK's HTTP/2 client and GOAWAY do not mix
                .build();
    }

    /** A new admin client in namespace {@code default}; the caller closes it. */
    public KubernetesClient client() {
        return client("default");
    }

    /** A new admin client in {@code namespace}; the caller closes it. */
    public KubernetesClient client(String namespace) {
        return new KubernetesClientBuilder().withConfig(config(namespace)).build();
    }

    /** Creates a namespace named after {@code hint} plus a random suffix (one per test class isolates tests). */
    public String createNamespace(String hint) {
        String base =
                hint.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("^-+|-+$", "");
        String name = (base.length() > 50 ? base.substring(0, 50) : base) + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        try (var client = client()) {
            client.namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(name)
                            .endMetadata()
                            .build())
                    .create();
        }
        return name;
    }

    /** Writes a kubeconfig of the admin with {@code namespace} as the default namespace. */
    public Path writeKubeconfig(Path file, String namespace) {
        return Kubeconfig.write(
                file, url(), ca, ControlPlaneCredentials.ADMIN_USER, credentials.adminToken(), namespace);
    }

    /** Writes the kubeconfig a part of the node talks to the API server with. */
    public Path writeKubeconfig(Path file, Component component) {
        return Kubeconfig.write(
                file, url(), ca, component.user(), credentials.componentTokens().get(component), "default");
    }

    /** The certificate the API server shows the kubelet; present when started {@link #startForNode for a node}. */
    public Optional<KubeletClientCertificate> kubeletClientCertificate() {
        return kubeletClient;
    }

    /** The file holding the API server's serving certificate and its CA (what pods get as the cluster's CA). */
    public Path caFile() {
        return stateDir.resolve("pki").resolve("apiserver.crt");
    }

    private SupervisedProcess keep(SupervisedProcess process) {
        processes.push(process);
        return process;
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path createDirectories(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops kube-controller-manager, kube-apiserver and etcd, in that order. */
    @Override
    public void close() {
        while (!processes.isEmpty()) {
            processes.pop().close();
        }
    }
}
