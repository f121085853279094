package io.manimvideo.local;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.manimvideo.local.node.LocalNode;
import io.manimvideo.local.node.NodeBinaries;
import io.manimvideo.local.node.PodNetwork;
import io.manimvideo.localinfra.Directories;
import io.manimvideo.localinfra.LoopbackPorts;
import io.manimvideo.localinfra.controlplane.ControlPlane;
import io.manimvideo.localinfra.controlplane.ControlPlaneBinaries;
import io.manimvideo.localinfra.controlplane.VideoJobCrd;
import io.manimvideo.localinfra.redis.RedisServer;
import io.manimvideo.localinfra.storage.S3Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The whole system on one machine: a one-node Kubernetes cluster of real parts (etcd, kube-apiserver,
 * kube-controller-manager, kube-scheduler, kube-proxy, the kubelet, containerd and runc; a fresh cluster on each
 * start) with the chart {@code helm/manim-video} installed by Helm from the project's four images (the operator and
 * the ingress run as the chart's Deployments, the render and codegen Jobs as the operator makes them), and on the
 * host S3Proxy and redis-server, which the pods reach on the node's address ({@link PodNetwork}). The web page is a
 * node port on 127.0.0.1. Closing it stops everything in reverse order.
 */
public final class LocalStack implements AutoCloseable {
    public static final String NAMESPACE = "default";
    public static final String BUCKET = "manim-videos";
    static final String AI_SECRET = "manim-video-ai";
    /** The chart's {@code secrets.existingSecret}: storage keys, the Redis URL, the chat platforms' tokens. */
    static final String SERVICE_SECRET = "manim-video";

    public static final String NODE_NAME = LocalNode.NAME;
    static final List<String> IMAGES = List.of("render", "codegen", "operator", "ingress");
    static final Path CHART = Path.of("helm/manim-video");
    /** What the chart reads from {@link #SERVICE_SECRET}, taken from the environment when set there. */
    static final List<String> SECRET_VARIABLES = List.of(
            "TELEGRAM_BOT_TOKEN",
            "TELEGRAM_WEBHOOK_SECRET",
            "WHATSAPP_ACCESS_TOKEN",
            "WHATSAPP_APP_SECRET",
            "WHATSAPP_VERIFY_TOKEN");
    /** Ingress settings taken from the environment (a Telegram bot tried on a laptop, say). */
    static final List<String> INGRESS_VARIABLES =
            List.of("TELEGRAM_BOT_USERNAME", "TELEGRAM_MODE", "WHATSAPP_PHONE_NUMBER_ID");

    private static final int FIRST_NODE_PORT = 8000;
    private static final Duration WEB_READY_TIMEOUT = Duration.ofSeconds(90);
    private static final int LAST_NODE_PORT = 32767;

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Consumer<String> console;
    private ControlPlane controlPlane;
    private KubernetesClient client;
    private S3Store s3;
    private RedisServer redis;
    private Path kubeconfig;
    private AiProviders providers;
    private String webUrl;
    private DeploymentLogs operatorLogs;
    private LocalStackSettings settings;
    private int webPort;
    private Map<String, String> operatorEnv;
    /** The chart's {@code render.parts} values set on top of its defaults ({@link #upgradeRenderParts}). */
    private final Map<String, Object> renderParts = new LinkedHashMap<>();

    private Map<String, String> ingressEnv;

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
            stack.keep(PodNetwork.create(console));
            stack.startAll(settings, env, overrides);
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    /**
     * As {@link #start(LocalStackSettings, Map, ServiceOverrides, Consumer)}, on the node network the caller made
     * first (for servers of its own that the pods reach on the node's address) and closes after the stack.
     */
    public static LocalStack start(
            LocalStackSettings settings,
            PodNetwork network,
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
        this.settings = settings;
        Path state = settings.stateDir();
        createDirectories(state);
        var binaries = ControlPlaneBinaries.locate(settings.projectDir(), console);
        var nodeBinaries = NodeBinaries.locate(settings.projectDir(), console);
        List<Path> images = ProjectImages.build(settings.projectDir(), IMAGES, console);
        Path planeState = state.resolve("controlplane");
        Directories.deleteTree(planeState); // a fresh cluster on each start
        controlPlane = keep(ControlPlane.startForNode(binaries, planeState, PodNetwork.NODE_ADDRESS, console));
        kubeconfig = controlPlane.writeKubeconfig(state.resolve("kubeconfig"), NAMESPACE);
        client = keep(controlPlane.client(NAMESPACE));
        VideoJobCrd.install(client);

        // the pods upload through presigned URLs and keep sessions in Redis: both on the node's address
        s3 = keep(S3Store.onDisk(createDirectories(state.resolve("s3")), PodNetwork.NODE_ADDRESS));
        s3.createBucket(BUCKET);
        redis = keep(RedisServer.start("redis-server", state.resolve("redis.log"), PodNetwork.NODE_ADDRESS));

        providers = AiProviders.fromEnv(env);
        if (!providers.none()) {
            createSecret(AI_SECRET, providers.secretData());
        }
        Map<String, String> ingressOverrides = new LinkedHashMap<>();
        INGRESS_VARIABLES.stream().filter(env::containsKey).forEach(v -> ingressOverrides.put(v, env.get(v)));
        ingressOverrides.putAll(overrides.ingress());
        Map<String, String> secret = new LinkedHashMap<>();
        secret.put("STORAGE_ACCESS_KEY", S3Store.ACCESS_KEY);
        secret.put("STORAGE_SECRET_KEY", S3Store.SECRET_KEY);
        secret.put("REDIS_URL", redis.url());
        for (String variable : SECRET_VARIABLES) {
            Optional.ofNullable(ingressOverrides.remove(variable))
                    .or(() -> Optional.ofNullable(env.get(variable)))
                    .ifPresent(value -> secret.put(variable, value));
        }
        createSecret(SERVICE_SECRET, secret);

        keep(LocalNode.start(
                nodeBinaries,
                controlPlane,
                new LocalNode.Settings(
                        state.resolve("node"),
                        ProjectImages.cacheDir(System.getenv()).resolve("containerd"),
                        images),
                console));

        webPort = nodePort(settings.ingressPort());
        webUrl = "http://127.0.0.1:" + webPort + "/";
        operatorEnv = new LinkedHashMap<>(providers.settings());
        operatorEnv.put("CODEGEN_PROVIDERS", String.join(",", providers.names()));
        operatorEnv.putAll(overrides.operator());
        ingressEnv = ingressOverrides;
        ChartRelease.install(
                settings.projectDir().resolve(CHART),
                kubeconfig,
                NAMESPACE,
                values(operatorEnv, ingressEnv),
                state.resolve("values.yaml"),
                client,
                console);
        operatorLogs = DeploymentLogs.follow(client, NAMESPACE, deployment("operator"), "operator", console);
        keep(() -> operatorLogs.close());
        keep(DeploymentLogs.follow(client, NAMESPACE, deployment("ingress"), "ingress", console));
        if (!WebReadiness.answers(webUrl + "healthz", WEB_READY_TIMEOUT)) {
            console.accept("the web page " + webUrl + " is not answering after " + WEB_READY_TIMEOUT.toSeconds()
                    + " s: see the [ingress] lines");
        }
    }

    /**
     * The chart's values for this machine: the images as built here (never pulled), one replica of each service,
     * the storage and Redis on the node's address, the web page on a node port, and the variables of the
     * environment and the tests on top ({@code extraEnv}: a later variable of the same name wins).
     */
    private Map<String, Object> values(Map<String, String> operatorEnv, Map<String, String> ingressEnv) {
        Map<String, Object> never = Map.of("pullPolicy", "Never");
        return Map.of(
                "operator",
                Map.of("replicas", settings.operatorReplicas(), "image", never, "extraEnv", envList(operatorEnv)),
                "render",
                renderValues(settings, renderParts),
                "storage",
                Map.of("endpoint", s3.endpoint(), "bucket", BUCKET),
                "ai",
                Map.of("existingSecret", AI_SECRET),
                "ingressApi",
                Map.of(
                        "replicas", 1,
                        "image", never,
                        "publicBaseUrl", webUrl.replaceAll("/$", ""),
                        "service", Map.of("type", "NodePort", "nodePort", webPort),
                        "extraEnv", envList(ingressEnv)));
    }

    /**
     * The chart's {@code render} values on this node: its render slots, the CPU limit and request of a render pod
     * when a benchmark sets them (Helm merges them into the chart's {@code render.resources}, so the rest stays the
     * chart's) and the parts settings changed by {@link #upgradeRenderParts}.
     */
    static Map<String, Object> renderValues(LocalStackSettings settings, Map<String, Object> parts) {
        Map<String, Object> render = new LinkedHashMap<>();
        render.put("maxConcurrent", settings.maxConcurrentRenders());
        Map<String, Object> resources = new LinkedHashMap<>();
        if (settings.renderCpuLimit() != null) {
            resources.put("limits", Map.of("cpu", settings.renderCpuLimit()));
        }
        if (settings.renderCpuRequest() != null) {
            resources.put("requests", Map.of("cpu", settings.renderCpuRequest()));
        }
        if (!resources.isEmpty()) {
            render.put("resources", resources);
        }
        if (!parts.isEmpty()) {
            render.put("parts", Map.copyOf(parts));
        }
        return render;
    }

    private static List<Map<String, String>> envList(Map<String, String> env) {
        List<Map<String, String>> list = new ArrayList<>();
        env.forEach((name, value) -> list.add(Map.of("name", name, "value", value)));
        return list;
    }

    /** The preferred port when free and a node port may be it, else a free one in the node port range. */
    private static int nodePort(int preferred) {
        int port = LoopbackPorts.preferred(preferred);
        while (port < FIRST_NODE_PORT || port > LAST_NODE_PORT) {
            port = LoopbackPorts.preferred(ThreadLocalRandom.current().nextInt(FIRST_NODE_PORT, LAST_NODE_PORT));
        }
        return port;
    }

    private void createSecret(String name, Map<String, String> data) {
        client.secrets()
                .inNamespace(NAMESPACE)
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .withStringData(data)
                        .build())
                .create();
    }

    /** The chart's Deployment of a component ({@code operator}, {@code ingress}). */
    public String deployment(String component) {
        return client
                .apps()
                .deployments()
                .inNamespace(NAMESPACE)
                .withLabel("app.kubernetes.io/component", component)
                .list()
                .getItems()
                .stream()
                .map(Deployment::getMetadata)
                .map(m -> m.getName())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the chart made no Deployment for " + component));
    }

    /**
     * Rolls out a new configuration as an admin does, with {@code helm upgrade --wait}: the variables given are set
     * on top of the services' current ones (a changed value restarts that service's pods, one at a time for the
     * ingress and the replicated operator); returns once both Deployments are available again.
     */
    public void upgrade(ServiceOverrides changed) {
        operatorEnv.putAll(changed.operator());
        ingressEnv.putAll(changed.ingress());
        ChartRelease.upgrade(
                settings.projectDir().resolve(CHART),
                kubeconfig,
                NAMESPACE,
                values(operatorEnv, ingressEnv),
                settings.stateDir().resolve("values.yaml"),
                client,
                console);
        followOperatorLogs();
    }

    /**
     * Rolls out {@code render.parts.max} ({@code RENDER_MAX_PARTS}: the most pods of one render in parts) as an admin
     * does, with {@code helm upgrade --wait}. A chart value, not an {@code extraEnv} entry: the chart sets the variable
     * itself, and a Deployment whose environment names a variable twice cannot be patched when that variable changes
     * (the API server refuses the strategic merge patch).
     */
    public void upgradeRenderParts(int maxParts) {
        renderParts.put("max", maxParts);
        upgrade(ServiceOverrides.none());
    }

    /** Stops the operator as a rolling update would (its Deployment scaled to 0) and waits until its pod is gone. */
    public void stopOperator() {
        console.accept("stopping the operator (scaling its Deployment to 0)");
        scaleOperator(0);
        client.pods()
                .inNamespace(NAMESPACE)
                .withLabel("app.kubernetes.io/component", "operator")
                .waitUntilCondition(p -> p == null, 90, TimeUnit.SECONDS);
    }

    /**
     * Starts the operator again (scaled back to its replicas) after {@link #stopOperator()} and waits until they are
     * available.
     */
    public void startOperator() {
        scaleOperator(settings.operatorReplicas());
        client.apps()
                .deployments()
                .inNamespace(NAMESPACE)
                .withName(deployment("operator"))
                .waitUntilCondition(
                        d -> d.getStatus() != null
                                && d.getStatus().getAvailableReplicas() != null
                                && d.getStatus().getAvailableReplicas() == settings.operatorReplicas(),
                        180,
                        TimeUnit.SECONDS);
        followOperatorLogs();
    }

    private void followOperatorLogs() {
        operatorLogs.close();
        operatorLogs = DeploymentLogs.follow(client, NAMESPACE, deployment("operator"), "operator", console);
    }

    private void scaleOperator(int replicas) {
        client.apps()
                .deployments()
                .inNamespace(NAMESPACE)
                .withName(deployment("operator"))
                .scale(replicas);
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

    /** Where the web page is: the ingress Service's node port on 127.0.0.1. */
    public Optional<String> webUrl() {
        return Optional.ofNullable(webUrl);
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

    /** Stops the node (and every pod on it, the services' too), Redis, S3, the control plane and the network. */
    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable resource = started.pop();
            try {
                resource.close();
            } catch (Exception e) {
                console.accept("while stopping: " + e);
            }
        }
    }
}
