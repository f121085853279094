package io.manimvideo.api.workload;

import java.util.List;

/**
 * How a codegen container starts: the operator puts {@link #COMMAND} in every codegen Job, the local stack runs
 * {@link #MAIN_CLASS} on the codegen module's classpath, and {@code codegen/Dockerfile}'s CMD is the same command.
 */
public final class CodegenEntrypoint {
    public static final String MAIN_CLASS = "io.manimvideo.codegen.CodegenMain";
    /** The image keeps the codegen module's jars in {@code /app/lib}. */
    public static final List<String> COMMAND = List.of("java", "-cp", "/app/lib/*", MAIN_CLASS);

    private CodegenEntrypoint() {}
}
