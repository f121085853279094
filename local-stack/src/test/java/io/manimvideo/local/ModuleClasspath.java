package io.manimvideo.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A service module's runtime classpath from its {@code target/}, as {@code scripts/run-local.sh} builds it. */
public final class ModuleClasspath {
    private ModuleClasspath() {}

    /** {@code <module>/target/classes} and the dependencies listed in {@code target/runtime-classpath.txt}. */
    public static String of(Path projectDir, String module) throws IOException {
        Path target = projectDir.resolve(module).resolve("target");
        Path dependencies = target.resolve("runtime-classpath.txt");
        if (!Files.exists(dependencies)) {
            throw new IllegalStateException(dependencies + " is missing: build with mvn -pl local-stack -am verify");
        }
        return target.resolve("classes") + ":" + Files.readString(dependencies).strip();
    }
}
