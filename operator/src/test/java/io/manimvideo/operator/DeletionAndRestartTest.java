package io.manimvideo.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.manimvideo.api.Phase;
import io.manimvideo.api.VideoJob;
import io.manimvideo.localinfra.storage.S3Store;
import io.manimvideo.operator.testing.VideoJobs;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class DeletionAndRestartTest extends OperatorTestBase {
    private static final String HOLD = "test.manimvideo.io/hold";

    @Test
    void deletingARenderingJobStopsItsJobAndRemovesEveryStoredObject() throws Exception {
        create(VideoJobs.directCode("web-gone"));
        Job render = jobs.awaitJob("web-gone-render-1");
        jobs.put(
                render,
                "MANIMRENDER_PROGRESS_PUT_URL",
                "{\"event\":\"progress\",\"stage\":\"rendering\",\"percent\":10}");
        jobs.put(render, "MANIMRENDER_LOG_PUT_URL", "rendering frame 1");
        VideoJob vj = awaitPhase("web-gone", Phase.RENDERING);
        assertThat(envt.store().list(vj.getStatus().getStoragePrefix())).hasSize(3);

        envt.client().resource(vj).delete();
        awaitGone("web-gone");
        assertThat(envt.client()
                        .batch()
                        .v1()
                        .jobs()
                        .inNamespace(envt.namespace())
                        .list()
                        .getItems())
                .isEmpty();
        assertThat(envt.store().list("")).isEmpty();
    }

    @Test
    void deletingAFinishedJobDoesNotWaitForItsPodToBeRemoved() throws Exception {
        create(VideoJobs.directCode("web-done"));
        jobs.renderSucceeds("web-done-render-1");
        VideoJob vj = awaitPhase("web-done", Phase.READY);
        Pod pod = jobs.awaitPod("web-done-render-1");
        // a pod whose removal takes long: its node is gone (it stays Terminating until the node is), or another
        // controller holds it; its container ended long ago, so it cannot upload anything any more
        envt.client().pods().resource(pod).edit(p -> {
            p.getMetadata().getFinalizers().add(HOLD);
            return p;
        });
        try {
            envt.client().resource(vj).delete();

            awaitGone("web-done");
            assertThat(envt.store().list("")).isEmpty();
        } finally {
            envt.client().pods().withName(pod.getMetadata().getName()).edit(p -> {
                p.getMetadata().getFinalizers().remove(HOLD);
                return p;
            });
        }
    }

    @Test
    void aRestartBetweenJobCreationAndStatusContinuesWithoutASecondJobOrUpload() throws Exception {
        create(VideoJobs.directCode("web-crash"));
        jobs.awaitJob("web-crash-render-1");
        awaitPhase("web-crash", Phase.CODE_VALIDATING);
        envt.stopOperator();
        // the crash lost the status write that followed the Job creation
        envt.client()
                .resources(VideoJob.class)
                .withName("web-crash")
                .subresource("status")
                .patch(PatchContext.of(PatchType.JSON), "[{\"op\":\"remove\",\"path\":\"/status\"}]");
        VideoJob vj = get("web-crash");
        String codeKey = "videojobs/" + envt.namespace() + "/web-crash/"
                + vj.getMetadata().getUid() + "/code/attempt-1.py";
        ZonedDateTime uploaded = lastModified(codeKey);
        Thread.sleep(1100); // S3 timestamps have one-second resolution

        envt.startOperator();
        vj = awaitPhase("web-crash", Phase.CODE_VALIDATING);
        assertThat(vj.getStatus().getAttempts()).isEqualTo(1);
        assertThat(vj.getStatus().getActiveJob()).isEqualTo("web-crash-render-1");
        assertThat(lastModified(codeKey)).isEqualTo(uploaded);
        jobs.renderSucceeds("web-crash-render-1");
        awaitPhase("web-crash", Phase.READY);
        assertThat(envt.client()
                        .batch()
                        .v1()
                        .jobs()
                        .inNamespace(envt.namespace())
                        .list()
                        .getItems())
                .extracting(j -> j.getMetadata().getName())
                .containsExactly("web-crash-render-1");
        assertThat(envt.store().list(vj.getStatus().getStoragePrefix() + "code/"))
                .containsExactly(codeKey);
    }

    @Test
    void aRestartWithAStaleStatusAdoptsTheNewestJob() throws Exception {
        create(VideoJobs.problem("tg-500"));
        jobs.codegenSucceeds("tg-500-codegen-1", VideoJobs.CODE);
        jobs.awaitJob("tg-500-render-1");
        awaitPhase("tg-500", Phase.CODE_VALIDATING);
        envt.stopOperator();
        envt.client().resources(VideoJob.class).withName("tg-500").editStatus(vj -> {
            vj.getStatus().setActiveJob("tg-500-codegen-1"); // as written before the render Job was created
            vj.getStatus().setPhase(Phase.AI_GENERATING);
            return vj;
        });
        VideoJob vj;

        envt.startOperator();
        jobs.renderSucceeds("tg-500-render-1");
        vj = awaitPhase("tg-500", Phase.READY);
        assertThat(vj.getStatus().getAttempts()).isEqualTo(1);
        assertThat(envt.client()
                        .batch()
                        .v1()
                        .jobs()
                        .inNamespace(envt.namespace())
                        .list()
                        .getItems())
                .extracting(j -> j.getMetadata().getName())
                .containsExactlyInAnyOrder("tg-500-codegen-1", "tg-500-render-1");
    }

    private ZonedDateTime lastModified(String key) throws Exception {
        var config = envt.config().storage();
        MinioClient minio = MinioClient.builder()
                .endpoint(config.endpoint())
                .region(config.region())
                .credentials(S3Store.ACCESS_KEY, S3Store.SECRET_KEY)
                .build();
        return minio.statObject(StatObjectArgs.builder()
                        .bucket(config.bucket())
                        .object(key)
                        .build())
                .lastModified();
    }
}
