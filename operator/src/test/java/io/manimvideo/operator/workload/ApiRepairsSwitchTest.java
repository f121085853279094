package io.manimvideo.operator.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.manimvideo.api.VideoJob;
import io.manimvideo.api.VideoJobStatus;
import io.manimvideo.operator.config.OperatorConfig;
import io.manimvideo.operator.storage.ArtifactStore;
import io.manimvideo.operator.storage.StorageLayout;
import io.manimvideo.operator.testing.VideoJobs;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The admin's switch of the repairs checked against Manim's API reaches the pods that repair code. */
@Tag("unit")
class ApiRepairsSwitchTest {
    private static Map<String, Map<String, String>> podEnvironments(Map<String, String> operatorEnv) {
        Map<String, String> env =
                new HashMap<>(Map.of("POD_NAMESPACE", "videos", "STORAGE_ENDPOINT", "http://127.0.0.1:9"));
        env.putAll(operatorEnv);
        OperatorConfig config = OperatorConfig.fromEnv(env);
        ArtifactStore store = new ArtifactStore(config.storage());
        SandboxJobBuilder sandbox = new SandboxJobBuilder(config.jobTtlAfterFinishedSeconds());
        return Map.of(
                "render",
                        env(new RenderJobFactory(config, store, sandbox)
                                .create(stored(VideoJobs.directCode("d")), 1, "c")),
                "codegen",
                        env(new CodegenJobFactory(config, store, sandbox)
                                .create(stored(VideoJobs.problem("p")), 1, null)));
    }

    private static VideoJob stored(VideoJob vj) {
        vj.getMetadata().setNamespace("videos");
        vj.getMetadata().setUid("0b7e4f2a-1c3d-4e5f-8a9b-0c1d2e3f4a5b");
        VideoJobStatus s = new VideoJobStatus();
        s.setStoragePrefix(StorageLayout.of(vj).prefix());
        vj.setStatus(s);
        return vj;
    }

    private static Map<String, String> env(Job job) {
        return job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    @Test
    void byDefaultThePodsRepairWithManimsApi() {
        podEnvironments(Map.of())
                .forEach((pod, env) -> assertThat(env).as(pod).doesNotContainKey("MANIMRENDER_API_REPAIRS"));
    }

    @Test
    void turnedOffTheRenderAndCodegenPodsAreToldSo() {
        podEnvironments(Map.of("API_REPAIRS", "false"))
                .forEach((pod, env) -> assertThat(env).as(pod).containsEntry("MANIMRENDER_API_REPAIRS", "0"));
    }
}
