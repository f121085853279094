package io.manimvideo.operator;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.manimvideo.api.settings.Environment;
import io.manimvideo.operator.config.OperatorConfig;
import io.manimvideo.operator.config.OperatorSettings;
import io.manimvideo.operator.http.OperatorHttpServer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the operator from environment variables; stops it cleanly on SIGTERM. */
public final class OperatorMain {
    private static final Logger LOG = LoggerFactory.getLogger(OperatorMain.class);

    private OperatorMain() {}

    public static void main(String[] args) throws Exception {
        OperatorConfig config = OperatorConfig.fromEnv();
        LOG.info(
                "starting: namespaces={}, storage={}, leaderElection={}, maxConcurrentRenders={}",
                config.watchNamespaces(),
                config.storage(),
                config.leaderElection(),
                config.maxConcurrentRenders());
        // HTTP/1.1: the JDK's HTTP/2 client fails every later request on a connection the API server sent GOAWAY
        // on (API servers do, e.g. when they restart or rebalance); parallel HTTP/1.1 connections avoid that
        KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(Config.autoConfigure(null))
                        .withHttp2Disable(true)
                        .build())
                .build();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        String identity = Environment.ofSystem()
                .optional(OperatorSettings.HOSTNAME)
                .orElseGet(() -> UUID.randomUUID().toString());
        VideoJobOperator operator = new VideoJobOperator(client, config, Clock.systemUTC(), registry, identity);
        OperatorHttpServer http = new OperatorHttpServer(config.httpPort(), registry, operator::isReady);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            LOG.info("stopping");
                            operator.close();
                            http.close();
                            client.close();
                            stopped.countDown();
                        },
                        "operator-shutdown"));
        http.start();
        operator.start();
        stopped.await();
    }
}
