package io.manimvideo.ingress;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.manimvideo.ingress.telegram.TelegramModule;
import io.manimvideo.ingress.whatsapp.WhatsAppModule;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.minio.MinioClient;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the ingress: reads {@link IngressConfig}, builds the clients (Kubernetes, Redis, storage) and the
 * shared services, registers the chat platforms, deploys {@link IngressVerticle}, and on SIGTERM stops it
 * gracefully before closing the clients. {@link #start} is also what tests and the benchmark use.
 */
public final class IngressMain {
  private static final Logger LOG = LoggerFactory.getLogger(IngressMain.class);

  /** A running ingress and what it holds, closed in order by {@link #close()}. */
  public record Running(Vertx vertx, IngressVerticle verticle, String deploymentId, KubernetesClient kubernetes,
      Redis redis, Redis subscriberRedis, IngressServices services) implements AutoCloseable {
    public int port() {
      return verticle.actualPort();
    }

    @Override
    public void close() {
      try {
        vertx.undeploy(deploymentId).await(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("event=undeploy_failed cause=\"{}\"", e.toString());
      }
      redis.close();
      subscriberRedis.close();
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
        .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
            .setJvmMetricsEnabled(true)))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
    // bounded waits: a request never queues for a connection behind more than REDIS_MAX_WAITING others,
    // and connecting gives up after the command timeout (each command has it too, in RedisCommands)
    RedisOptions redisOptions = new RedisOptions().setConnectionString(config.redisUrl())
        .setMaxPoolSize(16).setMaxPoolWaiting(config.redisMaxWaiting()).setMaxWaitingHandlers(4096);
    redisOptions.getNetClientOptions().setConnectTimeout((int) config.redisCommandTimeout().toMillis());
    Redis redis = Redis.createClient(vertx, redisOptions);
    Redis subscriberRedis = Redis.createClient(vertx, new RedisOptions(redisOptions).setMaxPoolSize(1));
    IngressServices services = IngressServices.create(config, vertx, Clock.systemUTC(), kubernetes, redis, storage(config));
    IngressVerticle verticle = new IngressVerticle(services, platformModules(services),
        PrometheusScrapingHandler.create(registry), subscriberRedis);
    String deploymentId;
    try {
      deploymentId = vertx.deployVerticle(verticle).await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      vertx.close();
      throw e;
    }
    return new Running(vertx, verticle, deploymentId, kubernetes, redis, subscriberRedis, services);
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

  /** Read-only use: presigning delivery URLs. With a fixed region, presigning needs no network call. */
  static MinioClient storage(IngressConfig config) {
    return MinioClient.builder()
        .endpoint(config.storageEndpoint().orElse("https://storage.invalid"))
        .region(config.storageRegion())
        .credentials(config.storageAccessKey().orElse(""), config.storageSecretKey().orElse(""))
        .build();
  }

}
