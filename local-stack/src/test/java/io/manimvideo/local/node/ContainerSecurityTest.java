package io.manimvideo.local.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class ContainerSecurityTest {
    @TempDir
    Path dir;

    static Pod pod(Long runAsUser) {
        return new PodBuilder()
                .withNewMetadata()
                .withName("render-1")
                .withNamespace("default")
                .withUid("u-1")
                .endMetadata()
                .withNewSpec()
                .withNewSecurityContext()
                .withRunAsUser(runAsUser)
                .withRunAsGroup(runAsUser)
                .endSecurityContext()
                .addNewContainer()
                .withName("main")
                .withNewResources()
                .addToLimits("cpu", new Quantity("500m"))
                .addToLimits("memory", new Quantity("200Mi"))
                .endResources()
                .endContainer()
                .endSpec()
                .build();
    }

    List<String> wrapped(Pod pod, long agentUid) throws Exception {
        Path podDir = Files.createDirectories(dir.resolve("pods/default/render-1"));
        Path home = Files.createDirectories(dir.resolve("home"));
        var security = new ContainerSecurity(pod, pod.getSpec().getContainers().get(0), agentUid, agentUid, home);
        return security.wrap(List.of("python", "-m", "manimrender", "job"), podDir, List.of(podDir), podDir);
    }

    @Test
    void asRootAnotherUidIsTheRealHostUidSetBySetprivAfterBubblewrapWithoutAUserNamespace() throws Exception {
        var args = wrapped(pod(10001L), 0);

        assertThat(args)
                .doesNotContain("--unshare-user")
                .containsSubsequence(
                        "bwrap",
                        "--cap-drop",
                        "ALL",
                        "--cap-add",
                        "CAP_SETUID",
                        "--cap-add",
                        "CAP_SETGID",
                        "--cap-add",
                        "CAP_SETPCAP",
                        "--bind",
                        "/proc",
                        "/proc",
                        "--",
                        "setpriv",
                        "--reuid=10001",
                        "--regid=10001",
                        "--clear-groups",
                        "--inh-caps=-all",
                        "--bounding-set=-all",
                        "--",
                        "python")
                // the namespace's pod directory shows this pod only
                .containsSubsequence(
                        "--tmpfs",
                        dir.resolve("pods/default").toString(),
                        "--bind",
                        dir.resolve("pods/default/render-1").toString());
    }

    @Test
    void asAnotherUserTheContainerKeepsAUserNamespaceOfItsOwn() throws Exception {
        var args = wrapped(pod(10001L), 1000);

        assertThat(args)
                .containsSubsequence("bwrap", "--unshare-user", "--uid", "10001", "--gid", "10001")
                .doesNotContain("setpriv", "--cap-add");
    }

    @Test
    void theCgroupTakesTheMemoryLimitAndTheCpuLimitInMillicores() {
        Pod pod = pod(10001L);
        var limits = new ContainerSecurity(pod, pod.getSpec().getContainers().get(0), 0, 0, dir).cgroupLimits();

        assertThat(limits.memoryBytes()).hasValue(200L << 20);
        assertThat(limits.cpuMillis()).hasValue(500);
    }
}
