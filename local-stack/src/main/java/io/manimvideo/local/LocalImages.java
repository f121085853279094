package io.manimvideo.local;

import io.manimvideo.api.workload.CodegenEntrypoint;
import io.manimvideo.local.node.ImageCommands;
import io.manimvideo.local.node.ImageCommands.ImageCommand;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The workload images of the operator, as local commands: the render image is the {@code manimrender}
 * package in the venv, the codegen image the Java entrypoint on the codegen module's classpath with the same
 * venv for its code checks. The venv comes first on PATH, as {@code python} does in the images.
 */
final class LocalImages {
    private LocalImages() {}

    static ImageCommands of(LocalStackSettings settings) {
        Path python = settings.venv().resolve("bin").resolve("python");
        Map<String, String> pythonEnv = Map.of(
                "PATH", settings.venv().resolve("bin") + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
                "VIRTUAL_ENV", settings.venv().toString(),
                "PYTHONPATH", settings.renderSources().toString());
        var images = new ImageCommands()
                .with(
                        settings.renderImage(),
                        new ImageCommand(List.of(python.toString(), "-m", "manimrender", "job"), pythonEnv));
        settings.codegenClasspath().ifPresent(classpath -> {
            var env = new HashMap<>(pythonEnv);
            env.put("CODEGEN_CHECK_COMMAND", python + " -m manimrender check");
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            images.with(
                    settings.codegenImage(),
                    new ImageCommand(List.of(java, "-Xmx256m", "-cp", classpath, CodegenEntrypoint.MAIN_CLASS), env));
        });
        return images;
    }
}
