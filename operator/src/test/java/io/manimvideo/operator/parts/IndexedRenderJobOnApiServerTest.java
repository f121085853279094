package io.manimvideo.operator.parts;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.manimvideo.api.FailureReason;
import io.manimvideo.api.VideoJob;
import io.manimvideo.api.VideoJobStatus;
import io.manimvideo.api.workload.Outcome;
import io.manimvideo.api.workload.WorkloadResult;
import io.manimvideo.api.workload.WorkloadResultCodec;
import io.manimvideo.localinfra.controlplane.ControlPlane;
import io.manimvideo.localinfra.controlplane.SharedControlPlane;
import io.manimvideo.operator.config.OperatorConfig;
import io.manimvideo.operator.outcome.JobOutcome;
import io.manimvideo.operator.outcome.JobOutcomeReader;
import io.manimvideo.operator.outcome.JobState;
import io.manimvideo.operator.storage.ArtifactStore;
import io.manimvideo.operator.storage.StorageLayout;
import io.manimvideo.operator.testing.KubeletStandIn;
import io.manimvideo.operator.testing.KubeletStandIn.Ending;
import io.manimvideo.operator.testing.Results;
import io.manimvideo.operator.testing.VideoJobs;
import io.manimvideo.operator.workload.RenderJobFactory;
import io.manimvideo.operator.workload.SandboxJobBuilder;
import io.manimvideo.operator.workload.Workload;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Indexed Job of a render in parts on the real API server and Job controller: accepted as built, one pod per
 * index up to its parallelism, and when one index fails its pod's message (which names the part) is the outcome.
 */
class IndexedRenderJobOnApiServerTest {
    private KubernetesClient client;
    private String namespace;
    private KubeletStandIn kubelet;

    @BeforeEach
    void start() {
        ControlPlane plane = SharedControlPlane.get();
        namespace = plane.createNamespace("parts");
        client = plane.client(namespace);
        kubelet = new KubeletStandIn(client, namespace);
    }

    @AfterEach
    void stop() {
        client.namespaces().withName(namespace).delete();
        client.close();
    }

    private Job created(int parallelism) {
        OperatorConfig config =
                OperatorConfig.fromEnv(Map.of("POD_NAMESPACE", namespace, "STORAGE_ENDPOINT", "http://127.0.0.1:9"));
        ArtifactStore store = new ArtifactStore(config.storage());
        var renders = new RenderJobFactory(config, store, new SandboxJobBuilder(600));
        VideoJob vj = VideoJobs.directCode("web-long");
        vj.getMetadata().setNamespace(namespace);
        vj.getMetadata().setUid("0b7e4f2a-1c3d-4e5f-8a9b-0c1d2e3f4a5b");
        VideoJobStatus s = new VideoJobStatus();
        s.setStoragePrefix(StorageLayout.of(vj).prefix());
        vj.setStatus(s);
        RenderParts parts = new RenderParts(List.of(
                new RenderParts.Range(0, 3, 20), new RenderParts.Range(4, 7, 20), new RenderParts.Range(8, 11, 20)));
        Job job = new IndexedRenderJobFactory(config, store, renders, 0).create(vj, 1, "code.py", parts, parallelism);
        job.getMetadata().setOwnerReferences(List.of()); // no VideoJob object here to own it
        return client.batch().v1().jobs().inNamespace(namespace).resource(job).create();
    }

    @Test
    void theApiServerAcceptsItAndRunsAtMostItsParallelismAtOnce() {
        Job job = created(2);
        assertThat(job.getSpec().getCompletionMode()).isEqualTo("Indexed");
        assertThat(job.getSpec().getBackoffLimitPerIndex()).isZero();
        kubelet.endIndex(job.getMetadata().getName(), 1, Ending.reported(Results.renderOk(), ok()));
        var pods = client.pods()
                .inNamespace(namespace)
                .withLabel(JobOutcomeReader.JOB_NAME_LABEL, job.getMetadata().getName())
                .list()
                .getItems();
        assertThat(pods.stream()
                        .filter(p -> !"Succeeded".equals(p.getStatus().getPhase()))
                        .count())
                .isLessThanOrEqualTo(2);
    }

    @Test
    void theFailedPartIsTheOutcomeAndItsMessageNamesIt() {
        String name = created(3).getMetadata().getName();
        kubelet.endIndex(name, 0, Ending.reported(Results.renderOk(), ok()));
        String failed = new WorkloadResultCodec()
                .write(Results.failure(
                        WorkloadResult.RENDER,
                        Outcome.RENDER_ERROR,
                        "part 2 of 3: ZeroDivisionError: division by zero",
                        9));
        kubelet.endIndex(name, 1, new Ending(false, 1, "Error", failed, null, null));
        var job = client.batch().v1().jobs().inNamespace(namespace).withName(name);
        job.waitUntilCondition(j -> j != null && JobState.isFinished(j), 30, TimeUnit.SECONDS);

        JobOutcome outcome = new JobOutcomeReader(client, new WorkloadResultCodec()).read(job.get(), Workload.RENDER);

        assertThat(JobState.failed(job.get())).isTrue();
        assertThat(outcome.reason()).isEqualTo(FailureReason.RENDER_ERROR);
        assertThat(outcome.failure().getDetail()).isEqualTo("part 2 of 3: ZeroDivisionError: division by zero");
        assertThat(outcome.failure().getLine()).isEqualTo(9);
    }

    private static String ok() {
        return new WorkloadResultCodec().write(Results.renderOk());
    }
}
