package io.manimvideo.ingress;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.manimvideo.ingress.http.ContractLoader;
import io.manimvideo.ingress.http.ContractValidator;
import io.manimvideo.ingress.http.InFlightLimit;
import io.manimvideo.ingress.http.OperationHandlers;
import io.manimvideo.ingress.http.ProblemResponses;
import io.manimvideo.ingress.notify.PlatformNotifier;
import io.manimvideo.ingress.ops.Warmup;
import io.manimvideo.ingress.telegram.TelegramModule;
import io.manimvideo.ingress.web.JobStatusView;
import io.manimvideo.ingress.web.SseNotifier;
import io.manimvideo.ingress.whatsapp.WhatsAppModule;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.minio.MinioClient;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the ingress: reads {@link IngressConfig}, builds the clients (Kubernetes, Redis, storage) and the
 * shared services, registers the chat platforms, deploys {@link NotificationVerticle} once, each platform's receiver
 * and {@link IngressVerticle} once per HTTP_EVENT_LOOPS (default: the cores), each on an event loop of its own
 * ({@link EventLoops}), and on SIGTERM stops
 * them gracefully before closing the clients. {@link #start} is also what tests and the benchmark use.
 */
public final class IngressMain {
    private static final Logger LOG = LoggerFactory.getLogger(IngressMain.class);
    /** Enough for every class of the path to be loaded and its code run on every HTTP instance (about 0.3 s). */
    private static final int WARMUP_ROUNDS = 25;
    /** A warm-up that takes longer is no warm-up (a call may take 5 s): it never holds the replica's start longer. */
    private static final long WARMUP_BOUND_SECONDS = 30;

    /** A running ingress and what it holds, closed in order by {@link #close()}. */
    public record Running(
            Vertx vertx,
            int port,
            List<String> httpDeployments,
            String notificationDeployment,
            List<String> receiverDeployments,
            KubernetesClient kubernetes,
            Redis redis,
            Redis subscriberRedis,
            Redis webhookRedis,
            IngressServices services,
            Map<String, String> eventLoops)
            implements AutoCloseable {

        @Override
        public void close() {
            // receivers and HTTP first (requests in flight finish), then the notifications, then the clients they used
            try {
                Future.join(receiverDeployments.stream().map(vertx::undeploy).toList())
                        .await(10, TimeUnit.SECONDS);
                Future.join(httpDeployments.stream().map(vertx::undeploy).toList())
                        .await(30, TimeUnit.SECONDS);
                vertx.undeploy(notificationDeployment).await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("event=undeploy_failed cause=\"{}\"", e.toString());
            }
            redis.close();
            subscriberRedis.close();
            webhookRedis.close();
            kubernetes.close();
            try {
                vertx.close().await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("event=vertx_close_failed cause=\"{}\"", e.toString());
            }
        }
    }

    private IngressMain() {}

    public static void main(String[] args) throws Exception {
        IngressConfig config = IngressConfig.fromEnv();
        KubernetesClient kubernetes = new KubernetesClientBuilder().build();
        Running running = start(config, kubernetes);
        Runtime.getRuntime().addShutdownHook(new Thread(running::close, "ingress-shutdown"));
    }

    /** Starts an ingress with its own Vert.x instance; the Kubernetes client is closed with it. */
    public static Running start(IngressConfig config, KubernetesClient kubernetes) throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Vertx vertx = Vertx.builder()
                .with(new VertxOptions()
                        .setEventLoopPoolSize(EventLoops.poolSize(config))
                        .setMetricsOptions(
                                new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true)))
                .withMetrics(new MicrometerMetricsFactory(registry))
                .build();
        // bounded waits: a request never queues for a connection behind more than REDIS_MAX_WAITING others,
        // and connecting gives up after the command timeout (each command has it too, in RedisCommands)
        RedisOptions redisOptions = config.redis()
                .options()
                .setMaxPoolSize(16)
                .setMaxPoolWaiting(config.redisMaxWaiting())
                .setMaxWaitingHandlers(4096);
        redisOptions.getNetClientOptions().setConnectTimeout((int)
                config.redisCommandTimeout().toMillis());
        Redis redis = Redis.createClient(vertx, redisOptions);
        // one pub/sub connection per HTTP event loop, each feeding the event streams it holds
        Redis subscriberRedis =
                Redis.createClient(vertx, new RedisOptions(redisOptions).setMaxPoolSize(config.httpInstances()));
        // the webhooks' acknowledgements have connections of their own: taking in a backlog of calls (many Redis
        // commands each) never makes a new call wait for a connection
        Redis webhookRedis = Redis.createClient(vertx, new RedisOptions(redisOptions).setMaxPoolSize(4));
        IngressServices services = IngressServices.create(
                config, vertx, Clock.systemUTC(), kubernetes, redis, webhookRedis, storage(config));
        List<PlatformModule> platforms = platformModules(services);
        List<PlatformNotifier> notifiers = new ArrayList<>();
        notifiers.add(new SseNotifier(services.redis(), new JobStatusView(services.catalog())));
        platforms.forEach(p -> notifiers.add(p.notifier()));
        List<OperationHandlers> platformRoutes =
                platforms.stream().map(PlatformModule::routes).toList();
        InFlightLimit limit = new InFlightLimit(config.maxInFlight(), new ProblemResponses(services.catalog()));
        Handler<RoutingContext> metrics = PrometheusScrapingHandler.create(registry);
        EventLoops loops = new EventLoops();
        try {
            // one after the other, nothing else taking a loop in between: each gets a loop of its own (EventLoops)
            String notifications = vertx.deployVerticle(
                            loops.background("notifications", new NotificationVerticle(services, notifiers)))
                    .await(60, TimeUnit.SECONDS);
            List<String> receivers = new ArrayList<>();
            for (PlatformModule platform : platforms) {
                if (platform.receiver().isPresent()) {
                    receivers.add(vertx.deployVerticle(loops.background(
                                    "receiver " + receivers.size(),
                                    platform.receiver().get()))
                            .await(60, TimeUnit.SECONDS));
                }
            }
            // every instance listens on the same port (Vert.x shares one listening socket between them) and gets
            // connections on its own event loop; servers on port 0 are not shared, so a free port is chosen first
            int port = config.httpPort() != 0 ? config.httpPort() : freePort(config.httpHost());
            // built from the contract files themselves (the router's copy has its references rewritten by Vert.x),
            // once for every instance
            ContractValidator validator = new ContractValidator(ContractLoader.merged());
            Warmup warmup = new Warmup();
            List<String> deployments = new ArrayList<>();
            for (int i = 0; i < config.httpInstances(); i++) {
                deployments.add(vertx.deployVerticle(loops.named(
                                "http " + i,
                                new IngressVerticle(
                                        services,
                                        platformRoutes,
                                        metrics,
                                        subscriberRedis,
                                        limit,
                                        validator,
                                        port,
                                        warmup)))
                        .await(60, TimeUnit.SECONDS));
            }
            warmUp(vertx, config, port, warmup);
            if (!loops.shared().isEmpty()) {
                LOG.warn("event=event_loops_shared loops={} verticles={}", loops.shared(), loops.byRole());
            }
            LOG.info(
                    "event=ingress_ready port={} event_loops={} max_in_flight={}",
                    port,
                    config.httpInstances(),
                    config.maxInFlight());
            return new Running(
                    vertx,
                    port,
                    List.copyOf(deployments),
                    notifications,
                    List.copyOf(receivers),
                    kubernetes,
                    redis,
                    subscriberRedis,
                    webhookRedis,
                    services,
                    loops.byRole());
        } catch (Exception e) {
            vertx.close();
            throw e;
        }
    }

    /** The webhooks that are on, each called {@link #WARMUP_ROUNDS} times before the replica says it is ready. */
    private static void warmUp(Vertx vertx, IngressConfig config, int port, Warmup warmup) throws Exception {
        List<String> paths = new ArrayList<>();
        if (config.telegramEnabled() && !config.telegramPolling()) {
            paths.add("/webhooks/telegram");
        }
        if (config.whatsappEnabled()) {
            paths.add("/webhooks/whatsapp");
        }
        String host = Set.of("0.0.0.0", "::").contains(config.httpHost()) ? "127.0.0.1" : config.httpHost();
        // a connection per call: the listening socket hands connections to the HTTP instances in turn
        WebClient client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(false));
        try {
            warmup.run(client, host, port, paths, WARMUP_ROUNDS).await(WARMUP_BOUND_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            warmup.giveUp();
        } finally {
            client.close();
        }
    }

    /**
     * The chat platforms, each switched on by its configuration (Telegram and WhatsApp are built in
     * {@code io.manimvideo.ingress.telegram} and {@code io.manimvideo.ingress.whatsapp} and added here).
     */
    static List<PlatformModule> platformModules(IngressServices services) {
        return Stream.of(TelegramModule.create(services), WhatsAppModule.create(services))
                .flatMap(Optional::stream)
                .toList();
    }

    private static int freePort(String host) throws java.io.IOException {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(host))) {
            return socket.getLocalPort();
        }
    }

    /** Read-only use: presigning delivery URLs. With a fixed region, presigning needs no network call. */
    static MinioClient storage(IngressConfig config) {
        return MinioClient.builder()
                .endpoint(config.storageEndpoint().orElse("https://storage.invalid"))
                .region(config.storageRegion())
                .credentials(
                        config.storageAccessKey().orElse(""),
                        config.storageSecretKey().orElse(""))
                .build();
    }
}
