package io.manimvideo.ingress.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.manimvideo.api.Phase;
import io.manimvideo.ingress.testsupport.ApiClient;
import io.manimvideo.ingress.testsupport.KubernetesApi;
import io.manimvideo.ingress.testsupport.RedisServerExtension;
import io.manimvideo.ingress.testsupport.RenderedVideos;
import io.manimvideo.ingress.testsupport.SseRecorder;
import io.manimvideo.ingress.testsupport.TestIngress;
import io.manimvideo.localinfra.controlplane.ControlPlane;
import io.manimvideo.localinfra.controlplane.SharedControlPlane;
import io.manimvideo.localinfra.controlplane.VideoJobCrd;
import io.manimvideo.localinfra.redis.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingress on a control plane of its own, because the CRD is cluster-wide: it starts before the VideoJob CRD
 * exists (an install whose CRD comes later), and the CRD that then arrives has no selectable fields (an older
 * chart's CRD, or Kubernetes before 1.31), so the API server refuses the watch's field selector.
 */
@ExtendWith(RedisServerExtension.class)
class WatchOnAnOlderClusterTest {

    @Test
    void jobsAreFollowedOnceTheCrdArrivesEvenWithoutSelectableFields(RedisServer redis, @TempDir Path state)
            throws Exception {
        try (ControlPlane plane = SharedControlPlane.startSeparate(state);
                KubernetesApi api = new KubernetesApi(plane);
                TestIngress ingress = new TestIngress(redis, api)) {
            // the watch's first list finds no such resource; fabric8 on its own would stop there for good
            TimeUnit.SECONDS.sleep(2);
            CustomResourceDefinition older = VideoJobCrd.load();
            older.getSpec().getVersions().forEach(version -> version.setSelectableFields(null));
            VideoJobCrd.install(api.client(), older);

            ApiClient client = new ApiClient(ingress.baseUrl());
            String token = client.newSession();
            String jobId = client.submitProblem(token, "older-cluster-idempotency");
            try (SseRecorder sse = new SseRecorder(client, "/api/v1/jobs/" + jobId + "/events", token)) {
                await().until(() -> sse.statuses().contains("queued"));
                api.writeStatus(jobId, status -> status.setPhase(Phase.AI_GENERATING));
                // the watch is retried (backing off) until the CRD is there, then taken without its field selector
                await().atMost(Duration.ofSeconds(45))
                        .until(() -> sse.statuses().contains("ai_generating"));
                api.writeStatus(jobId, status -> {
                    status.setPhase(Phase.READY);
                    status.setVideo(RenderedVideos.of(jobId));
                });
                await().atMost(Duration.ofSeconds(20)).until(sse::ended);
                assertThat(sse.statuses()).containsExactly("queued", "ai_generating", "ready");
            }
        }
    }
}
