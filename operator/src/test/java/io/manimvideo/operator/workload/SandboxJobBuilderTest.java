package io.manimvideo.operator.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.manimvideo.api.VideoJob;
import io.manimvideo.operator.config.OperatorConfig;
import io.manimvideo.operator.testing.VideoJobs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SandboxJobBuilderTest {
    private final SandboxJobBuilder builder = new SandboxJobBuilder(600);

    private PodSpec podOf(Workload workload, Map<String, String> env) {
        OperatorConfig config = OperatorConfig.fromEnv(env);
        VideoJob vj = VideoJobs.directCode("web-iso");
        vj.getMetadata().setUid("0b7e4f2a-1c3d-4e5f-8a9b-0c1d2e3f4a5b");
        var workloadConfig = workload == Workload.RENDER ? config.render() : config.codegen();
        return builder.build(vj, workload.child("web-iso", 1), workloadConfig, List.of("true"), List.of())
                .getSpec()
                .getTemplate()
                .getSpec();
    }

    @Test
    void chartOptionsReachTheRenderPod() {
        PodSpec pod = podOf(
                Workload.RENDER,
                Map.of(
                        "RENDER_RUNTIME_CLASS",
                        "gvisor",
                        "RENDER_HOST_USERS",
                        "true",
                        "RENDER_PROC_MOUNT",
                        "Default",
                        "RENDER_SECCOMP_PROFILE",
                        "Localhost/profiles/manim-render.json",
                        "RENDER_APPARMOR_PROFILE",
                        "Localhost/manim-render"));
        var sc = pod.getContainers().get(0).getSecurityContext();
        assertThat(pod.getRuntimeClassName()).isEqualTo("gvisor");
        assertThat(pod.getHostUsers()).isTrue();
        assertThat(sc.getProcMount()).isEqualTo("Default");
        assertThat(sc.getSeccompProfile().getType()).isEqualTo("Localhost");
        assertThat(sc.getSeccompProfile().getLocalhostProfile()).isEqualTo("profiles/manim-render.json");
        assertThat(sc.getAppArmorProfile().getType()).isEqualTo("Localhost");
        assertThat(sc.getAppArmorProfile().getLocalhostProfile()).isEqualTo("manim-render");
        assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
    }

    @Test
    void codegenPodsKeepTheRuntimeDefaultAndTakeOnlyARuntimeClass() {
        PodSpec pod = podOf(
                Workload.CODEGEN, Map.of("CODEGEN_RUNTIME_CLASS", "kata", "RENDER_SECCOMP_PROFILE", "Unconfined"));
        var sc = pod.getContainers().get(0).getSecurityContext();
        assertThat(pod.getRuntimeClassName()).isEqualTo("kata");
        assertThat(pod.getHostUsers()).isNull();
        assertThat(sc.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(sc.getProcMount()).isNull();
    }
}
