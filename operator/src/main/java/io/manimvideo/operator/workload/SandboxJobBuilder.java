package io.manimvideo.operator.workload;

import io.fabric8.kubernetes.api.model.AppArmorProfile;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.manimvideo.api.VideoJob;
import io.manimvideo.operator.config.OperatorConfig.Isolation;
import io.manimvideo.operator.config.OperatorConfig.WorkloadConfig;
import io.manimvideo.operator.workload.Workload.ChildJob;
import java.util.List;
import java.util.Map;

/**
 * The one locked-down Job shape both workloads run in: non-root, read-only root filesystem, no
 * capabilities, no privilege escalation, no service-account token or service links, bounded scratch space,
 * one try (the operator owns retries), a deadline and a TTL; plus the workload's {@link Isolation}
 * (runtime class, pod user namespace, /proc mount, seccomp and AppArmor profiles).
 */
public class SandboxJobBuilder {
    static final long RUN_AS_USER = 10001L;
    static final String WORK_DIR = "/work";
    private static final String WORK_SIZE = "1Gi";
    private static final String TMP_SIZE = "256Mi";
    private static final String LOCALHOST = "Localhost/";

    private final int ttlAfterFinishedSeconds;

    public SandboxJobBuilder(int ttlAfterFinishedSeconds) {
        this.ttlAfterFinishedSeconds = ttlAfterFinishedSeconds;
    }

    public Job build(VideoJob owner, ChildJob child, WorkloadConfig config, List<String> command, List<EnvVar> env) {
        Map<String, String> labels = child.workload().labels(owner.getMetadata().getName(), child.attempt());
        Isolation isolation = config.isolation();
        return new JobBuilder()
                .withNewMetadata()
                .withName(child.name())
                .withNamespace(owner.getMetadata().getNamespace())
                .withLabels(labels)
                .withOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion(owner.getApiVersion())
                        .withKind(owner.getKind())
                        .withName(owner.getMetadata().getName())
                        .withUid(owner.getMetadata().getUid())
                        .withController(true)
                        .withBlockOwnerDeletion(true)
                        .build())
                .endMetadata()
                .withNewSpec()
                .withBackoffLimit(0)
                .withActiveDeadlineSeconds((long) config.deadlineSeconds())
                .withTtlSecondsAfterFinished(ttlAfterFinishedSeconds)
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withRunAsUser(RUN_AS_USER)
                .withRunAsGroup(RUN_AS_USER)
                .withFsGroup(RUN_AS_USER)
                .withSeccompProfile(seccomp(isolation.seccompProfile()))
                .withAppArmorProfile(appArmor(isolation.appArmorProfile()))
                .endSecurityContext()
                .withRuntimeClassName(isolation.runtimeClassName())
                .withHostUsers(isolation.hostUsers())
                .addNewContainer()
                .withName(Workload.CONTAINER)
                .withImage(config.image())
                .withCommand(command)
                .withEnv(env)
                .withWorkingDir(WORK_DIR)
                .withTerminationMessagePolicy("File")
                .withTerminationMessagePath("/dev/termination-log")
                .withResources(new ResourceRequirementsBuilder()
                        .withRequests(Map.of(
                                "cpu",
                                new Quantity(config.cpuRequest()),
                                "memory",
                                new Quantity(config.memoryRequest())))
                        .withLimits(Map.of(
                                "cpu", new Quantity(config.cpuLimit()), "memory", new Quantity(config.memoryLimit())))
                        .build())
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withRunAsUser(RUN_AS_USER)
                .withReadOnlyRootFilesystem(true)
                .withAllowPrivilegeEscalation(false)
                .withPrivileged(false)
                .withNewCapabilities()
                .withDrop("ALL")
                .endCapabilities()
                .withSeccompProfile(seccomp(isolation.seccompProfile()))
                .withAppArmorProfile(appArmor(isolation.appArmorProfile()))
                .withProcMount(isolation.procMount())
                .endSecurityContext()
                .addNewVolumeMount()
                .withName("work")
                .withMountPath(WORK_DIR)
                .endVolumeMount()
                .addNewVolumeMount()
                .withName("tmp")
                .withMountPath("/tmp")
                .endVolumeMount()
                .endContainer()
                .addNewVolume()
                .withName("work")
                .withNewEmptyDir()
                .withSizeLimit(new Quantity(WORK_SIZE))
                .endEmptyDir()
                .endVolume()
                .addNewVolume()
                .withName("tmp")
                .withNewEmptyDir()
                .withSizeLimit(new Quantity(TMP_SIZE))
                .endEmptyDir()
                .endVolume()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    /** {@code RuntimeDefault}, {@code Unconfined} or {@code Localhost/<path relative to the kubelet's seccomp dir>}. */
    static SeccompProfile seccomp(String profile) {
        if (profile == null) {
            return null;
        }
        return profile.startsWith(LOCALHOST)
                ? new SeccompProfile(profile.substring(LOCALHOST.length()), "Localhost")
                : new SeccompProfile(null, profile);
    }

    /** The same forms as {@link #seccomp(String)}, for AppArmor ({@code Localhost/<profile name>}). */
    static AppArmorProfile appArmor(String profile) {
        if (profile == null) {
            return null;
        }
        return profile.startsWith(LOCALHOST)
                ? new AppArmorProfile(profile.substring(LOCALHOST.length()), "Localhost")
                : new AppArmorProfile(null, profile);
    }

    /** Read by render pods and by the check command of codegen pods (render-image/src/manimrender/repair.py). */
    static final String API_REPAIRS_VARIABLE = "MANIMRENDER_API_REPAIRS";

    /**
     * The render package's switch of its repairs checked against Manim's API: set only when the operator's {@code
     * API_REPAIRS} is false.
     */
    static List<EnvVar> apiRepairsSwitch(boolean apiRepairs) {
        return apiRepairs ? List.of() : List.of(env(API_REPAIRS_VARIABLE, "0"));
    }

    public static EnvVar env(String name, Object value) {
        return new EnvVar(name, String.valueOf(value), null);
    }
}
