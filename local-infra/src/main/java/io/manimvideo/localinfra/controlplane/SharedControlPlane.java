package io.manimvideo.localinfra.controlplane;

import io.manimvideo.localinfra.Directories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The control plane of one test JVM: started by the first test that asks for it, stopped (and its state
 * deleted) by a shutdown hook when the JVM ends. Tests isolate themselves with a namespace each
 * ({@link ControlPlane#createNamespace(String)}). The binaries come from {@link ControlPlaneBinaries#locate}; the
 * project directory from the system property {@code manimvideo.project.dir} (set by the modules' surefire
 * configuration), else the nearest parent of the working directory holding the build script.
 */
public final class SharedControlPlane {
    private static ControlPlane instance;

    private SharedControlPlane() {}

    public static synchronized ControlPlane get() {
        if (instance == null) {
            instance = startForThisJvm();
        }
        return instance;
    }

    private static ControlPlane startForThisJvm() {
        Path state;
        try {
            state = Files.createTempDirectory("manim-video-controlplane-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ControlPlane plane;
        try {
            plane = startSeparate(state);
        } catch (RuntimeException e) {
            Directories.deleteTree(state);
            throw e;
        }
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            plane.close();
                            Directories.deleteTree(state);
                        },
                        "shared-control-plane-stop"));
        return plane;
    }

    /**
     * A control plane of the caller's own, for a test that changes what every namespace shares (such as the CRD);
     * the caller closes it and deletes {@code stateDir}.
     */
    public static ControlPlane startSeparate(Path stateDir) {
        var binaries = ControlPlaneBinaries.locate(projectDir(), line -> System.err.println(line));
        return ControlPlane.start(binaries, stateDir, line -> System.err.println(line));
    }

    static Path projectDir() {
        return Optional.ofNullable(System.getProperty("manimvideo.project.dir"))
                .map(Path::of)
                .or(() -> Stream.iterate(Path.of("").toAbsolutePath(), p -> p != null, Path::getParent)
                        .filter(p -> Files.isRegularFile(p.resolve(ControlPlaneBinaries.BUILD_SCRIPT)))
                        .findFirst())
                .orElseThrow(() -> new IllegalStateException("cannot find the project directory (no "
                        + ControlPlaneBinaries.BUILD_SCRIPT + " above "
                        + Path.of("").toAbsolutePath()
                        + "); set -Dmanimvideo.project.dir"));
    }
}
