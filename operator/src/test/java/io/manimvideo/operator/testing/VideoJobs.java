package io.manimvideo.operator.testing;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.manimvideo.api.Platform;
import io.manimvideo.api.SubmissionType;
import io.manimvideo.api.VideoJob;
import io.manimvideo.api.VideoJobSpec;
import io.manimvideo.api.VideoJobStatus;
import io.manimvideo.localinfra.controlplane.ControlPlane;
import io.manimvideo.operator.storage.StorageLayout;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/** VideoJobs as the ingress creates them (in the client's namespace). */
public final class VideoJobs {
    public static final String CODE = """
      from manim import *

      class Explainer(Scene):
          def construct(self):
              self.play(Create(Circle()))
      """;

    private VideoJobs() {}

    /**
     * {@code kubectl delete vj --all}: one delete-collection, which the API server answers once it has marked every
     * VideoJob of the namespace (minutes for thousands on a busy machine: the client's default 10 s is too short).
     */
    public static void deleteAll(ControlPlane plane, String namespace) {
        Config patient = plane.config(namespace);
        patient.setRequestTimeout((int) Duration.ofMinutes(10).toMillis());
        try (KubernetesClient admin =
                new KubernetesClientBuilder().withConfig(patient).build()) {
            admin.resources(VideoJob.class).inNamespace(namespace).delete();
        }
    }

    /** {@code vj} as the operator has it once admitted: in namespace "videos", with a uid and a storage prefix. */
    public static VideoJob admitted(VideoJob vj) {
        vj.getMetadata().setNamespace("videos");
        vj.getMetadata().setUid("0b7e4f2a-1c3d-4e5f-8a9b-0c1d2e3f4a5b");
        VideoJobStatus s = new VideoJobStatus();
        s.setStoragePrefix(StorageLayout.of(vj).prefix());
        vj.setStatus(s);
        return vj;
    }

    /** The environment of a child Job's container, by name (variables taken from a Secret are left out). */
    public static Map<String, String> env(Job job) {
        return job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    public static VideoJob directCode(String name) {
        VideoJobSpec spec = base(SubmissionType.DIRECT_CODE);
        spec.setManimCode(CODE);
        return of(name, spec);
    }

    public static VideoJob problem(String name) {
        VideoJobSpec spec = base(SubmissionType.PROBLEM);
        spec.setProblemText("Why is the sum of the angles of a triangle 180 degrees?");
        return of(name, spec);
    }

    private static VideoJobSpec base(SubmissionType type) {
        VideoJobSpec spec = new VideoJobSpec();
        spec.setSubmissionType(type);
        spec.setPlatform(Platform.WEB);
        spec.setSessionId("3f1c2a9e-8b7d-4c6e-9a1b-2d3e4f5a6b7c");
        return spec;
    }

    private static VideoJob of(String name, VideoJobSpec spec) {
        VideoJob vj = new VideoJob();
        vj.setMetadata(new ObjectMetaBuilder().withName(name).build());
        vj.setSpec(spec);
        return vj;
    }
}
