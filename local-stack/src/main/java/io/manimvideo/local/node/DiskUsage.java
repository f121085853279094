package io.manimvideo.local.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The space a directory takes, as the node compares an emptyDir with its {@code sizeLimit}. */
final class DiskUsage {
    private DiskUsage() {}

    /** Bytes in the regular files under {@code dir}; 0 when it does not exist or cannot be read. */
    static long of(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(f -> {
                        try {
                            return Files.size(f);
                        } catch (IOException e) {
                            return 0; // removed while counting
                        }
                    })
                    .sum();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }
}
