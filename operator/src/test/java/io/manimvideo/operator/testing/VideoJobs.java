package io.manimvideo.operator.testing;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.manimvideo.api.Platform;
import io.manimvideo.api.SubmissionType;
import io.manimvideo.api.VideoJob;
import io.manimvideo.api.VideoJobSpec;

/** VideoJobs as the ingress creates them (in the client's namespace). */
public final class VideoJobs {
    public static final String CODE = """
      from manim import *

      class Explainer(Scene):
          def construct(self):
              self.play(Create(Circle()))
      """;

    private VideoJobs() {}

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
