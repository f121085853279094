package io.manimvideo.api.crd;

import io.fabric8.crdv2.generator.CRDGenerator;
import io.manimvideo.api.VideoJob;
import java.io.File;

/**
 * Writes the VideoJob CRD (build step, {@code process-test-classes}): fabric8's CRD generator with
 * {@link CrdShape} applied to its result, so the committed file stays generated rather than hand-edited.
 * Argument: the output directory.
 */
public final class GenerateCrd {
    private GenerateCrd() {}

    public static void main(String[] args) {
        File dir = new File(args[0]);
        if (!dir.isDirectory() && !dir.mkdirs()) {
            throw new IllegalStateException("cannot create " + dir);
        }
        int written = new CRDGenerator()
                .customResourceClasses(VideoJob.class)
                .forCRDVersions("v1")
                .withPostProcessor(new CrdShape(VideoJob.class))
                .inOutputDir(dir)
                .generate();
        if (written != 1) {
            throw new IllegalStateException("expected one CRD, generated " + written);
        }
    }
}
