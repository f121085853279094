package io.manimvideo.operator.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.manimvideo.localinfra.controlplane.ControlPlane;
import io.manimvideo.localinfra.controlplane.SharedControlPlane;
import io.manimvideo.localinfra.controlplane.VideoJobCrd;
import io.manimvideo.localinfra.storage.S3Store;
import io.manimvideo.operator.VideoJobOperator;
import io.manimvideo.operator.config.OperatorConfig;
import io.manimvideo.operator.storage.ArtifactStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The real parts a test runs against: the JVM's shared Kubernetes control plane (etcd, kube-apiserver with RBAC,
 * kube-controller-manager: the real Job controller and garbage collector) with the committed CRD and a namespace of
 * the test's own, S3Proxy as the bucket, and the operator started in-process through {@link VideoJobOperator}
 * as in production (server-side apply, leader election on a Lease in the test's namespace) with a clock the test
 * moves. There is no node: Pods stay Pending until a test reports how they ended ({@link KubeletStandIn}).
 */
public final class OperatorTestEnvironment implements AutoCloseable {
    private static boolean crdInstalled;

    private final ControlPlane plane = SharedControlPlane.get();
    private final String namespace;
    private final KubernetesClient client;
    private final String identity;
    private final MutableClock clock = new MutableClock();
    private final Map<String, String> env = new HashMap<>();
    private final ArtifactStore store;
    private VideoJobOperator operator;
    private PrometheusMeterRegistry registry;

    public OperatorTestEnvironment(S3Store s3, Map<String, String> overrides) {
        installCrd(plane);
        namespace = plane.createNamespace("operator");
        client = plane.client(namespace);
        identity = "operator-" + namespace;
        env.put("POD_NAMESPACE", namespace);
        env.put("WATCH_NAMESPACES", namespace);
        env.put("STORAGE_ENDPOINT", s3.endpoint());
        env.put("STORAGE_BUCKET", "test-" + UUID.randomUUID().toString().substring(0, 8));
        // S3Proxy rejects R2's "auto" as a bucket location constraint; any fixed region keeps presigning local.
        env.put("STORAGE_REGION", "us-east-1");
        env.put("STORAGE_ACCESS_KEY", S3Store.ACCESS_KEY);
        env.put("STORAGE_SECRET_KEY", S3Store.SECRET_KEY);
        env.put("PROGRESS_POLL_INTERVAL", "PT0.2S");
        env.put("LIFECYCLE_CHECK_INTERVAL", "PT0.3S");
        env.put("CODEGEN_PROVIDERS", "groq");
        env.put("CODEGEN_GROQ_KIND", "openai");
        env.put("CODEGEN_GROQ_MODEL", "llama-3.3-70b-versatile");
        env.putAll(overrides);
        store = new ArtifactStore(config().storage());
    }

    private static synchronized void installCrd(ControlPlane plane) {
        if (!crdInstalled) {
            try (KubernetesClient admin = plane.client()) {
                VideoJobCrd.install(admin);
            }
            crdInstalled = true;
        }
    }

    /** The namespace of this test: VideoJobs, Jobs, Pods, Events and the Lease live here. */
    public String namespace() {
        return namespace;
    }

    public ControlPlane controlPlane() {
        return plane;
    }

    public OperatorConfig config() {
        return OperatorConfig.fromEnv(env);
    }

    /**
     * Starts an operator (a new one each call, as after a container restart: same identity, so it takes the
     * Lease over at once instead of waiting for it to expire).
     */
    public VideoJobOperator startOperator() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        operator = new VideoJobOperator(client, config(), clock, registry, identity, false);
        operator.start();
        return operator;
    }

    public void stopOperator() {
        if (operator != null) {
            operator.close();
            operator = null;
        }
    }

    /** A further replica with its own registry, e.g. for leader election; the caller closes it. */
    public VideoJobOperator startReplica(String identity, PrometheusMeterRegistry replicaRegistry) {
        VideoJobOperator replica = new VideoJobOperator(client, config(), clock, replicaRegistry, identity, false);
        replica.start();
        return replica;
    }

    public KubernetesClient client() {
        return client;
    }

    public MutableClock clock() {
        return clock;
    }

    public ArtifactStore store() {
        return store;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Stops the operator and deletes the namespace (the control plane's namespace controller empties it). */
    @Override
    public void close() {
        stopOperator();
        client.namespaces().withName(namespace).delete();
        client.close();
    }
}
