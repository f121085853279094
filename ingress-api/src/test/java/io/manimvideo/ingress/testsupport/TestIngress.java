package io.manimvideo.ingress.testsupport;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.manimvideo.api.VideoJob;
import io.manimvideo.ingress.IngressConfig;
import io.manimvideo.ingress.IngressMain;
import io.manimvideo.localinfra.redis.RedisServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real ingress (the production {@link IngressMain#start} path) on a free loopback port against a
 * {@link RedisServer} and an API server ({@link KubernetesApi}, the real one), creating VideoJobs in its namespace. Extra environment variables switch on platforms or
 * change limits, exactly as in production.
 */
public final class TestIngress implements AutoCloseable {
    private final IngressMain.Running running;
    private final KubernetesEndpoint api;
    private final KubernetesApi ownApi;

    public TestIngress(RedisServer redis, KubernetesEndpoint api, Map<String, String> extraEnv) throws Exception {
        this(redis, api, extraEnv, null);
    }

    private TestIngress(RedisServer redis, KubernetesEndpoint api, Map<String, String> extraEnv, KubernetesApi ownApi)
            throws Exception {
        this(Map.of("REDIS_URL", redis.url()), api, extraEnv, ownApi);
    }

    /**
     * An ingress whose Redis is given by {@code redisEnv} alone (REDIS_SENTINELS, REDIS_PASSWORD and so on, as the
     * chart sets them).
     */
    public static TestIngress withRedis(
            Map<String, String> redisEnv, KubernetesEndpoint api, Map<String, String> extraEnv) throws Exception {
        return new TestIngress(redisEnv, api, extraEnv, null);
    }

    private TestIngress(
            Map<String, String> redisEnv, KubernetesEndpoint api, Map<String, String> extraEnv, KubernetesApi ownApi)
            throws Exception {
        this.api = api;
        this.ownApi = ownApi;
        Map<String, String> env = new HashMap<>();
        env.put("HTTP_HOST", "127.0.0.1");
        env.put("HTTP_PORT", "0");
        env.putAll(redisEnv);
        env.put("VIDEOJOB_NAMESPACE", api.namespace());
        env.put("STORAGE_ENDPOINT", "http://127.0.0.1:9000");
        env.put("STORAGE_REGION", "auto");
        env.put("STORAGE_ACCESS_KEY", "test-access");
        env.put("STORAGE_SECRET_KEY", "test-secret");
        env.putAll(extraEnv);
        env.putIfAbsent("PUBLIC_BASE_URL", "http://127.0.0.1");
        this.running = IngressMain.start(IngressConfig.from(env), api.newClient());
    }

    public TestIngress(RedisServer redis, KubernetesEndpoint api) throws Exception {
        this(redis, api, Map.of());
    }

    /** An ingress in a namespace of its own on the shared API server, given back when it closes. */
    public static TestIngress onItsOwnNamespace(RedisServer redis, Map<String, String> extraEnv) throws Exception {
        KubernetesApi api = new KubernetesApi();
        try {
            return new TestIngress(redis, api, extraEnv, api);
        } catch (Exception | Error e) {
            api.close();
            throw e;
        }
    }

    public int port() {
        return running.port();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public IngressMain.Running running() {
        return running;
    }

    /** The VideoJobs in the ingress' namespace, as the API server has them. */
    public List<VideoJob> videoJobs() {
        KubernetesClient client = api.client();
        return client.resources(VideoJob.class)
                .inNamespace(api.namespace())
                .list()
                .getItems();
    }

    @Override
    public void close() {
        running.close();
        if (ownApi != null) {
            ownApi.close();
        }
    }
}
