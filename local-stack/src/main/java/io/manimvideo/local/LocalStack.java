package io.manimvideo.local;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.manimvideo.local.node.LocalNode;
import io.manimvideo.local.node.NodeBinaries;
import io.manimvideo.local.node.PodNetwork;
import io.manimvideo.testsupport.Directories;
import io.manimvideo.testsupport.LoopbackPorts;
import io.manimvideo.testsupport.controlplane.ChartServiceAccounts;
import io.manimvideo.testsupport.controlplane.ControlPlane;
import io.manimvideo.testsupport.controlplane.ControlPlaneBinaries;
import io.manimvideo.testsupport.controlplane.VideoJobCrd;
import io.manimvideo.testsupport.redis.RedisServer;
import io.manimvideo.testsupport.storage.S3Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The whole system on one machine: a one-node Kubernetes cluster of real parts (etcd, kube-apiserver,
 * kube-controller-manager, kube-scheduler, kube-proxy, the kubelet, containerd and runc; a fresh cluster on each
 * start) running the codegen and render pods from the project's images, S3Proxy and redis-server, and the
 * production operator and ingress as child JVMs configured the way their Deployments are, through environment
 * variables. The pods reach the host's servers on the node's address ({@link PodNetwork}). Closing it stops
 * everything in reverse order.
 */
public final class LocalStack implements AutoCloseable {
    public static final String NAMESPACE = "default";
    public static final String BUCKET = "manim-videos";
    static final String AI_SECRET = "manim-video-ai";
    public static final String NODE_NAME = LocalNode.NAME;
    /** The images the operator's pods run. */
    static final List<String> WORKLOAD_IMAGES = List.of("render", "codegen");
    /** The Helm chart whose ServiceAccounts and RBAC the operator and the ingress run with. */
    static final Path CHART = Path.of("helm/manim-video");

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Consumer<String> console;
    private ControlPlane controlPlane;
    private KubernetesClient client;
    private S3Store s3;
    private RedisServer redis;
    private Path kubeconfig;
    private ChartServiceAccounts accounts;
    private AiProviders providers;
    private Optional<String> webUrl = Optional.empty();
    private Runnable operatorStart = () -> {};
    private ServiceProcess operator;

    private LocalStack(Consumer<String> console) {
        this.console = console;
    }

    public static LocalStack start(LocalStackSettings settings, Map<String, String> env, Consumer<String> console) {
        return start(settings, env, ServiceOverrides.none(), console);
    }

    /** As {@link #start(LocalStackSettings, Map, Consumer)}, with variables set on top of the services' own. */
    public static LocalStack start(
            LocalStackSettings settings,
            Map<String, String> env,
            ServiceOverrides overrides,
            Consumer<String> console) {
        var stack = new LocalStack(console);
        try {
            stack.startAll(settings, env, overrides);
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startAll(LocalStackSettings settings, Map<String, String> env, ServiceOverrides overrides) {
        Path state = settings.stateDir();
        createDirectories(state);
        var binaries = ControlPlaneBinaries.locate(settings.projectDir(), console);
        var nodeBinaries = NodeBinaries.locate(settings.projectDir(), console);
        List<Path> images = ProjectImages.build(settings.projectDir(), WORKLOAD_IMAGES, console);
        Path planeState = state.resolve("controlplane");
        Directories.deleteTree(planeState); // a fresh cluster on each start, as the in-memory API server was
        keep(PodNetwork.create(console));
        controlPlane = keep(ControlPlane.startForNode(binaries, planeState, PodNetwork.NODE_ADDRESS, console));
        kubeconfig = controlPlane.writeKubeconfig(state.resolve("kubeconfig"), NAMESPACE);
        client = keep(controlPlane.client(NAMESPACE));
        VideoJobCrd.install(client);
        // the operator and the ingress act as the chart's ServiceAccounts: its RBAC is what they get here too
        accounts = ChartServiceAccounts.apply(
                controlPlane, client, settings.projectDir().resolve(CHART), NAMESPACE);

        // the pods upload to it through presigned URLs: on the node's address
        s3 = keep(S3Store.onDisk(createDirectories(state.resolve("s3")), PodNetwork.NODE_ADDRESS));
        s3.createBucket(BUCKET);
        redis = keep(RedisServer.start("redis-server", state.resolve("redis.log")));

        providers = AiProviders.fromEnv(env);
        if (!providers.none()) {
            client.secrets()
                    .inNamespace(NAMESPACE)
                    .resource(new SecretBuilder()
                            .withNewMetadata()
                            .withName(AI_SECRET)
                            .endMetadata()
                            .withStringData(providers.secretData())
                            .build())
                    .create();
        }

        keep(LocalNode.start(
                nodeBinaries,
                controlPlane,
                new LocalNode.Settings(
                        state.resolve("node"),
                        ProjectImages.cacheDir(System.getenv()).resolve("containerd"),
                        images),
                console));

        settings.operatorClasspath()
                .ifPresentOrElse(
                        classpath -> {
                            Map<String, String> operatorEnv = operatorEnv(settings);
                            operatorEnv.putAll(overrides.operator());
                            operatorStart = () -> operator = ServiceProcess.startJava(
                                    "operator",
                                    classpath,
                                    "io.manimvideo.operator.OperatorMain",
                                    operatorEnv,
                                    settings.projectDir(),
                                    console);
                            operatorStart.run();
                            keep(() -> stopOperator());
                        },
                        () -> console.accept(
                                "operator NOT started: OPERATOR_CLASSPATH is not set (build the operator module)"));
        settings.ingressClasspath()
                .ifPresentOrElse(
                        classpath -> {
                            int port = LoopbackPorts.preferred(settings.ingressPort());
                            Map<String, String> ingressEnv = ingressEnv(port);
                            ingressEnv.putAll(overrides.ingress());
                            keep(ServiceProcess.startJava(
                                    "ingress",
                                    classpath,
                                    "io.manimvideo.ingress.IngressMain",
                                    ingressEnv,
                                    settings.projectDir(),
                                    console));
                            webUrl = Optional.of("http://127.0.0.1:" + port + "/");
                        },
                        () -> console.accept(
                                "ingress NOT started: INGRESS_CLASSPATH is not set (build the ingress-api module)"));
    }

    private Map<String, String> commonEnv(String component) {
        Map<String, String> env = new HashMap<>(accounts.environment(component));
        env.put("POD_NAMESPACE", NAMESPACE);
        env.put("STORAGE_ENDPOINT", s3.endpoint());
        env.put("STORAGE_REGION", "auto");
        env.put("STORAGE_BUCKET", BUCKET);
        env.put("STORAGE_ACCESS_KEY", S3Store.ACCESS_KEY);
        env.put("STORAGE_SECRET_KEY", S3Store.SECRET_KEY);
        return env;
    }

    private Map<String, String> operatorEnv(LocalStackSettings settings) {
        Map<String, String> env = commonEnv(ChartServiceAccounts.OPERATOR);
        env.put("WATCH_NAMESPACES", NAMESPACE);
        env.put("LEADER_ELECTION", "true");
        env.put("HTTP_PORT", String.valueOf(LoopbackPorts.free()));
        env.put("RENDER_IMAGE", settings.renderImage());
        env.put("CODEGEN_IMAGE", settings.codegenImage());
        env.put("MAX_CONCURRENT_RENDERS", String.valueOf(settings.maxConcurrentRenders()));
        env.put("CODEGEN_SECRET_NAME", AI_SECRET);
        env.put("CODEGEN_PROVIDERS", String.join(",", providers.names()));
        env.putAll(providers.settings());
        return env;
    }

    private Map<String, String> ingressEnv(int port) {
        Map<String, String> env = commonEnv(ChartServiceAccounts.INGRESS);
        env.put("HTTP_HOST", "127.0.0.1");
        env.put("HTTP_PORT", String.valueOf(port));
        env.put("PUBLIC_BASE_URL", "http://127.0.0.1:" + port);
        env.put("VIDEOJOB_NAMESPACE", NAMESPACE);
        env.put("REDIS_URL", redis.url());
        return env;
    }

    /** Stops the operator (SIGTERM, as a rolling update or an evicted pod would) and waits for it to exit. */
    public void stopOperator() {
        if (operator != null) {
            console.accept("stopping operator");
            operator.stop(Duration.ofSeconds(15));
            operator = null;
        }
    }

    /** Starts the operator again, with the same configuration, after {@link #stopOperator()}. */
    public void startOperator() {
        if (operator != null) {
            throw new IllegalStateException("the operator is running");
        }
        operatorStart.run();
    }

    public ControlPlane controlPlane() {
        return controlPlane;
    }

    public KubernetesClient client() {
        return client;
    }

    public S3Store s3() {
        return s3;
    }

    public RedisServer redis() {
        return redis;
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    public AiProviders providers() {
        return providers;
    }

    /** Where the web page is, when the ingress runs. */
    public Optional<String> webUrl() {
        return webUrl;
    }

    private <T extends AutoCloseable> T keep(T resource) {
        started.push(resource);
        return resource;
    }

    private static Path createDirectories(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the services first, then the node (and its pods), Redis, S3, the control plane and the network. */
    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable resource = started.pop();
            try {
                if (resource instanceof ServiceProcess service) {
                    console.accept("stopping " + service.name());
                    service.stop(Duration.ofSeconds(15));
                } else {
                    resource.close();
                }
            } catch (Exception e) {
                console.accept("while stopping: " + e);
            }
        }
    }
}
