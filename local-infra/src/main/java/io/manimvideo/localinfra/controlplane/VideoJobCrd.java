package io.manimvideo.localinfra.controlplane;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/** The committed VideoJob CRD ({@code crds/videojobs.manimvideo.io-v1.yml}, copied onto this module's classpath). */
public final class VideoJobCrd {
    public static final String RESOURCE = "crds/videojobs.manimvideo.io-v1.yml";

    private VideoJobCrd() {}

    public static CustomResourceDefinition load() {
        try (InputStream in = VideoJobCrd.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            return Serialization.unmarshal(in, CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates or updates the CRD (server-side apply) and waits until the API server serves it. */
    public static void install(KubernetesClient client) {
        install(client, load());
    }

    /** The same for a changed copy of it (such as an older version's). */
    public static void install(KubernetesClient client, CustomResourceDefinition crd) {
        client.apiextensions()
                .v1()
                .customResourceDefinitions()
                .resource(crd)
                .forceConflicts()
                .serverSideApply();
        client.apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName(crd.getMetadata().getName())
                .waitUntilCondition(VideoJobCrd::established, 60, TimeUnit.SECONDS);
    }

    private static boolean established(CustomResourceDefinition crd) {
        // the status may come before its conditions
        return crd != null
                && crd.getStatus() != null
                && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream()
                        .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
