package io.manimvideo.operator.workload;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.manimvideo.api.VideoJob;
import io.manimvideo.operator.config.OperatorConfig.WorkloadConfig;
import io.manimvideo.operator.workload.Workload.ChildJob;
import java.util.List;
import java.util.Map;

/**
 * The one locked-down Job shape both workloads run in: non-root, read-only root filesystem, no
 * capabilities, RuntimeDefault seccomp, no service-account token or service links, bounded scratch space,
 * one try (the operator owns retries), a deadline and a TTL.
 */
public class SandboxJobBuilder {
  static final long RUN_AS_USER = 10001L;
  static final String WORK_DIR = "/work";
  private static final String WORK_SIZE = "1Gi";
  private static final String TMP_SIZE = "256Mi";

  private final int ttlAfterFinishedSeconds;

  public SandboxJobBuilder(int ttlAfterFinishedSeconds) {
    this.ttlAfterFinishedSeconds = ttlAfterFinishedSeconds;
  }

  public Job build(VideoJob owner, ChildJob child, WorkloadConfig config, List<String> command, List<EnvVar> env) {
    Map<String, String> labels = child.workload().labels(owner.getMetadata().getName(), child.attempt());
    return new JobBuilder()
        .withNewMetadata()
          .withName(child.name())
          .withNamespace(owner.getMetadata().getNamespace())
          .withLabels(labels)
          .withOwnerReferences(new OwnerReferenceBuilder()
              .withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
              .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
              .withController(true).withBlockOwnerDeletion(true).build())
        .endMetadata()
        .withNewSpec()
          .withBackoffLimit(0)
          .withActiveDeadlineSeconds((long) config.deadlineSeconds())
          .withTtlSecondsAfterFinished(ttlAfterFinishedSeconds)
          .withNewTemplate()
            .withNewMetadata().withLabels(labels).endMetadata()
            .withNewSpec()
              .withRestartPolicy("Never")
              .withAutomountServiceAccountToken(false)
              .withEnableServiceLinks(false)
              .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withRunAsUser(RUN_AS_USER)
                .withRunAsGroup(RUN_AS_USER)
                .withFsGroup(RUN_AS_USER)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
              .endSecurityContext()
              .addNewContainer()
                .withName(Workload.CONTAINER)
                .withImage(config.image())
                .withCommand(command)
                .withEnv(env)
                .withWorkingDir(WORK_DIR)
                .withTerminationMessagePolicy("File")
                .withTerminationMessagePath("/dev/termination-log")
                .withResources(new ResourceRequirementsBuilder()
                    .withRequests(Map.of("cpu", new Quantity(config.cpuRequest()),
                        "memory", new Quantity(config.memoryRequest())))
                    .withLimits(Map.of("cpu", new Quantity(config.cpuLimit()),
                        "memory", new Quantity(config.memoryLimit())))
                    .build())
                .withNewSecurityContext()
                  .withRunAsNonRoot(true)
                  .withRunAsUser(RUN_AS_USER)
                  .withReadOnlyRootFilesystem(true)
                  .withAllowPrivilegeEscalation(false)
                  .withPrivileged(false)
                  .withNewCapabilities().withDrop("ALL").endCapabilities()
                  .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .addNewVolumeMount().withName("work").withMountPath(WORK_DIR).endVolumeMount()
                .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
              .endContainer()
              .addNewVolume().withName("work")
                .withNewEmptyDir().withSizeLimit(new Quantity(WORK_SIZE)).endEmptyDir().endVolume()
              .addNewVolume().withName("tmp")
                .withNewEmptyDir().withSizeLimit(new Quantity(TMP_SIZE)).endEmptyDir().endVolume()
            .endSpec()
          .endTemplate()
        .endSpec()
        .build();
  }

  static EnvVar env(String name, Object value) {
    return new EnvVar(name, String.valueOf(value), null);
  }
}
