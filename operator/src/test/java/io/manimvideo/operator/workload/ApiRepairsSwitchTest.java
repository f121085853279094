package io.manimvideo.operator.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.manimvideo.operator.config.OperatorConfig;
import io.manimvideo.operator.storage.ArtifactStore;
import io.manimvideo.operator.testing.VideoJobs;
import java.util.HashMap;
import java.util.Map;
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
                        VideoJobs.env(new RenderJobFactory(config, store, sandbox)
                                .create(VideoJobs.admitted(VideoJobs.directCode("d")), 1, "c")),
                "codegen",
                        VideoJobs.env(new CodegenJobFactory(config, store, sandbox)
                                .create(VideoJobs.admitted(VideoJobs.problem("p")), 1, null)));
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
