package io.manimvideo.operator.testing;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.manimvideo.api.Platform;
import io.manimvideo.api.SubmissionType;
import io.manimvideo.api.VideoJob;
import io.manimvideo.api.VideoJobSpec;
import io.manimvideo.localinfra.controlplane.ControlPlane;
import java.time.Duration;

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
