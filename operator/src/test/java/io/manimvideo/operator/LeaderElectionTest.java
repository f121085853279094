package io.manimvideo.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.manimvideo.api.Phase;
import io.manimvideo.operator.testing.VideoJobs;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeaderElectionTest extends OperatorTestBase {

    @Override
    Map<String, String> settings() {
        return Map.of("LEADER_ELECTION", "true");
    }

    @Test
    void ofTwoReplicasOnlyTheLeaseHolderReconciles() throws Exception {
        PrometheusMeterRegistry secondRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (var second = envt.startReplica("replica-b", secondRegistry)) {
            create(VideoJobs.directCode("web-lead"));
            jobs.renderSucceeds("web-lead-render-1");
            awaitPhase("web-lead", Phase.READY);
            Lease lease = envt.client()
                    .leases()
                    .inNamespace(envt.namespace())
                    .withName(VideoJobOperator.LEASE_NAME)
                    .get();
            assertThat(lease.getSpec().getHolderIdentity()).isNotEqualTo("replica-b");
            assertThat(reconciliations(envt.registry())).isPositive();
            assertThat(reconciliations(secondRegistry)).isZero();
        }
    }

    /** JOSDK's own counter of reconciliations started. */
    private static double reconciliations(PrometheusMeterRegistry registry) {
        return registry.getMeters().stream()
                .filter(m -> m.getId().getName().equals("operator.sdk.reconciliations.started"))
                .mapToDouble(m -> m.measure().iterator().next().getValue())
                .sum();
    }
}
