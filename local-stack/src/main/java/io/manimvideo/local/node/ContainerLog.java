package io.manimvideo.local.node;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A container's output as the kubelet keeps it: a file per container under the pod's directory
 * ({@code logs/<container>.log}), and a marker once the container has exited so that a follower knows the end.
 */
final class ContainerLog implements AutoCloseable {
    private final BufferedWriter out;
    private final Path exitedMarker;

    private ContainerLog(BufferedWriter out, Path exitedMarker) {
        this.out = out;
        this.exitedMarker = exitedMarker;
    }

    static Path file(Path podDir, String container) {
        return podDir.resolve("logs").resolve(container + ".log");
    }

    static Path exitedMarker(Path podDir, String container) {
        return podDir.resolve("logs").resolve(container + ".exited");
    }

    static ContainerLog open(Path podDir, String container) {
        try {
            Path file = file(podDir, container);
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(exitedMarker(podDir, container));
            return new ContainerLog(
                    Files.newBufferedWriter(
                            file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND),
                    exitedMarker(podDir, container));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    synchronized void append(String line) {
        try {
            out.write(line);
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            // the pod's directory is gone (pod deleted): nothing left to keep
        }
    }

    /** The container has exited: no more lines will come. */
    @Override
    public synchronized void close() {
        try {
            out.close();
            Files.writeString(exitedMarker, "");
        } catch (IOException e) {
            // pod directory removed
        }
    }
}
