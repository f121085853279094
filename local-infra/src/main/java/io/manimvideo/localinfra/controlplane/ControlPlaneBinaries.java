package io.manimvideo.localinfra.controlplane;

import io.manimvideo.localinfra.BuildScripts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where the etcd, kube-apiserver and kube-controller-manager binaries are: the directory named by
 * {@code MANIMVIDEO_CONTROLPLANE_BIN}, else the one {@code local-stack/controlplane/build.sh} prints (it builds
 * them from the pinned Go modules the first time and returns the cached directory afterwards).
 */
public record ControlPlaneBinaries(Path dir) {
    public static final String BIN_VARIABLE = "MANIMVIDEO_CONTROLPLANE_BIN";
    public static final String BUILD_SCRIPT = "local-stack/controlplane/build.sh";
    static final List<String> NAMES = List.of("etcd", "kube-apiserver", "kube-controller-manager");

    public ControlPlaneBinaries {
        for (String name : NAMES) {
            if (!Files.isExecutable(dir.resolve(name))) {
                throw new IllegalStateException("control plane binary missing: " + dir.resolve(name)
                        + " (run " + BUILD_SCRIPT + ", or point " + BIN_VARIABLE + " at a directory holding "
                        + String.join(", ", NAMES) + ")");
            }
        }
    }

    public Path etcd() {
        return dir.resolve("etcd");
    }

    public Path apiServer() {
        return dir.resolve("kube-apiserver");
    }

    public Path controllerManager() {
        return dir.resolve("kube-controller-manager");
    }

    /**
     * The binaries from {@code MANIMVIDEO_CONTROLPLANE_BIN} when set, else from the build script of the project
     * at {@code projectDir}; the script's progress lines go to {@code progress}.
     */
    public static ControlPlaneBinaries locate(Path projectDir, Consumer<String> progress) {
        Optional<String> configured =
                Optional.ofNullable(System.getenv(BIN_VARIABLE)).filter(s -> !s.isBlank());
        if (configured.isPresent()) {
            return new ControlPlaneBinaries(Path.of(configured.get()));
        }
        return build(projectDir.resolve(BUILD_SCRIPT), progress);
    }

    /** Runs the build script (which returns at once when the binaries are cached) and takes its last line. */
    public static ControlPlaneBinaries build(Path script, Consumer<String> progress) {
        return new ControlPlaneBinaries(BuildScripts.run(script, "control plane", progress));
    }
}
