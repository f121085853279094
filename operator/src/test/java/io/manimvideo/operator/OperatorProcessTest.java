package io.manimvideo.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.manimvideo.localinfra.LoopbackPorts;
import io.manimvideo.localinfra.controlplane.ControlPlane;
import io.manimvideo.localinfra.controlplane.SharedControlPlane;
import io.manimvideo.localinfra.controlplane.VideoJobCrd;
import io.manimvideo.localinfra.storage.S3Store;
import io.manimvideo.operator.testing.OperatorProcess;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator as its Deployment runs it: its own JVM, leader election on, stopped by SIGTERM. */
class OperatorProcessTest {

    @TempDir
    Path dir;

    @Test
    void sigtermEndsTheOperatorWhileItHoldsTheLease() throws Exception {
        ControlPlane plane = SharedControlPlane.get();
        try (KubernetesClient admin = plane.client()) {
            VideoJobCrd.install(admin);
        }
        String namespace = plane.createNamespace("operator-process");
        try (S3Store s3 = S3Store.inMemory();
                KubernetesClient client = plane.client(namespace)) {
            Path kubeconfig = plane.writeKubeconfig(dir.resolve("kubeconfig"), namespace);
            File log = dir.resolve("operator.log").toFile();
            // LEADER_ELECTION is on by default, as in the chart
            Process operator =
                    OperatorProcess.start(kubeconfig, namespace, s3.endpoint(), LoopbackPorts.free(), "256m", log);
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (!holdsLease(client, namespace) && System.nanoTime() < deadline && operator.isAlive()) {
                    Thread.sleep(200);
                }
                assertThat(holdsLease(client, namespace))
                        .as("lease taken; log:%n%s", Files.readString(log.toPath()))
                        .isTrue();

                operator.destroy(); // SIGTERM, as the kubelet sends it
                // before the fix JOSDK called System.exit from the shutdown hook's lease release and the JVM hung
                assertThat(operator.waitFor(30, TimeUnit.SECONDS))
                        .as("the operator ended after SIGTERM; log:%n%s", Files.readString(log.toPath()))
                        .isTrue();
            } finally {
                operator.destroyForcibly();
            }
        }
    }

    private static boolean holdsLease(KubernetesClient client, String namespace) {
        Lease lease = client.leases()
                .inNamespace(namespace)
                .withName(VideoJobOperator.LEASE_NAME)
                .get();
        return lease != null && lease.getSpec() != null && lease.getSpec().getHolderIdentity() != null;
    }
}
