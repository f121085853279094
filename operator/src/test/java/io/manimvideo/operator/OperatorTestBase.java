package io.manimvideo.operator;

import static org.awaitility.Awaitility.await;

import io.manimvideo.api.Phase;
import io.manimvideo.api.VideoJob;
import io.manimvideo.localinfra.storage.S3Store;
import io.manimvideo.operator.testing.KubeletStandIn;
import io.manimvideo.operator.testing.OperatorTestEnvironment;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** One S3Proxy per class; a fresh API server, bucket and operator per test. */
abstract class OperatorTestBase {
    static S3Store s3;
    OperatorTestEnvironment envt;
    KubeletStandIn jobs;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = S3Store.inMemory();
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
    }

    /** Settings of this test class on top of the environment's. */
    Map<String, String> settings() {
        return Map.of();
    }

    @BeforeEach
    void startEnvironment() throws Exception {
        envt = new OperatorTestEnvironment(s3, settings());
        jobs = new KubeletStandIn(envt.client(), envt.namespace());
        envt.startOperator();
    }

    @AfterEach
    void stopEnvironment() {
        envt.close();
    }

    VideoJob create(VideoJob vj) {
        return envt.client().resource(vj).create();
    }

    VideoJob get(String name) {
        return envt.client()
                .resources(VideoJob.class)
                .inNamespace(envt.namespace())
                .withName(name)
                .get();
    }

    VideoJob awaitStatus(String name, Predicate<VideoJob> condition) {
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    VideoJob vj = get(name);
                    return vj != null && vj.getStatus() != null && condition.test(vj);
                });
        return get(name);
    }

    VideoJob awaitPhase(String name, Phase phase) {
        return awaitStatus(name, vj -> vj.getStatus().getPhase() == phase);
    }

    void awaitGone(String name) {
        await().atMost(Duration.ofSeconds(20)).until(() -> get(name) == null);
    }
}
