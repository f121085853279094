package io.manimvideo.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.manimvideo.api.workload.WorkloadResultCodec;
import io.manimvideo.operator.config.OperatorConfig;
import io.manimvideo.operator.events.PhaseEventRecorder;
import io.manimvideo.operator.lifecycle.LifecyclePolicy;
import io.manimvideo.operator.metrics.VideoJobMetrics;
import io.manimvideo.operator.outcome.JobOutcomeReader;
import io.manimvideo.operator.parts.IndexedRenderJobFactory;
import io.manimvideo.operator.parts.JoinJobFactory;
import io.manimvideo.operator.queue.BulkDeletion;
import io.manimvideo.operator.queue.RenderQueue;
import io.manimvideo.operator.reconcile.VideoJobReconciler;
import io.manimvideo.operator.storage.ArtifactStore;
import io.manimvideo.operator.workload.CodegenJobFactory;
import io.manimvideo.operator.workload.RenderJobFactory;
import io.manimvideo.operator.workload.SandboxJobBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the operator from its configuration: the one place that decides how JOSDK talks to the API
 * server (server-side apply or not, leader election, metrics). {@link OperatorMain} and the tests both
 * start the operator through here.
 */
public final class VideoJobOperator implements AutoCloseable {
    public static final String LEASE_NAME = "manim-video-operator";
    private static final Logger LOG = LoggerFactory.getLogger(VideoJobOperator.class);

    private final Operator operator;
    private volatile boolean closing;

    public VideoJobOperator(
            KubernetesClient client, OperatorConfig config, Clock clock, MeterRegistry registry, String identity) {
        this(client, config, clock, registry, identity, true);
    }

    /**
     * @param exitOnLeadershipLoss a replica that loses its lease exits so Kubernetes restarts it clean; tests
     *     that run two replicas in one JVM turn this off
     */
    public VideoJobOperator(
            KubernetesClient client,
            OperatorConfig config,
            Clock clock,
            MeterRegistry registry,
            String identity,
            boolean exitOnLeadershipLoss) {
        ArtifactStore store = new ArtifactStore(config.storage());
        store.ensureBucket();
        SandboxJobBuilder sandbox = new SandboxJobBuilder(config.jobTtlAfterFinishedSeconds());
        RenderJobFactory renders = new RenderJobFactory(config, store, sandbox);
        var parts = new VideoJobReconciler.WorkloadParts(
                renders,
                new CodegenJobFactory(config, store, sandbox),
                new JobOutcomeReader(client, new WorkloadResultCodec()),
                new IndexedRenderJobFactory(
                        config, store, renders, config.parts().retriesPerIndex()),
                new JoinJobFactory(config, store, renders));
        var reconciler = new VideoJobReconciler(
                config,
                clock,
                client,
                store,
                parts,
                // a bulk deletion goes at the API server's pace: real time, whatever clock the job lifetimes use
                new RenderQueue(config.maxConcurrentRenders(), new BulkDeletion(Clock.systemUTC())),
                new LifecyclePolicy(config.lifetimes(), store, client),
                new PhaseEventRecorder(client),
                new VideoJobMetrics(registry));
        this.operator = new Operator(o -> {
            o.withKubernetesClient(client);
            o.withCloseClientOnStop(false);
            o.withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry));
            if (config.leaderElection()) {
                o.withLeaderElectionConfiguration(LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(
                                LEASE_NAME)
                        .withLeaseNamespace(config.operatorNamespace())
                        .withIdentity(identity)
                        // JOSDK's own exit calls System.exit on the elector's thread also when the lease is released by
                        // close() inside a shutdown hook, where it deadlocks and SIGTERM never ends the process
                        .withExitOnStopLeading(false)
                        .withLeaderCallbacks(
                                new LeaderCallbacks(() -> {}, () -> leadershipLost(exitOnLeadershipLoss), leader -> {}))
                        .build());
            }
        });
        operator.register(reconciler, overrider -> {
            overrider.withItemStore(reconciler.itemStore());
            overrider.withOnUpdateFilter(reconciler.updateFilter());
            // A storage or API outage must not strand a job once JOSDK's default five retries are spent.
            overrider.withRetry(GenericRetry.defaultLimitedExponentialRetry()
                    .withoutMaxAttempts()
                    .setMaxInterval(Duration.ofMinutes(5).toMillis()));
            if (config.watchesAllNamespaces()) {
                overrider.watchingAllNamespaces();
            } else {
                overrider.settingNamespaces(config.watchNamespaces());
            }
        });
    }

    public void start() {
        operator.start();
    }

    public boolean isReady() {
        return operator.getRuntimeInfo().isStarted()
                && operator.getRuntimeInfo().allEventSourcesAreHealthy();
    }

    /** A lease lost while running (not given up by {@link #close()}): exit, so Kubernetes restarts us clean. */
    private void leadershipLost(boolean exit) {
        if (exit && !closing) {
            LOG.error("event=leadership_lost action=exit");
            new Thread(() -> System.exit(1), "leadership-lost-exit").start();
        }
    }

    @Override
    public void close() {
        closing = true;
        operator.stop();
    }
}
