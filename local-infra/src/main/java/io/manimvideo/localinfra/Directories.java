package io.manimvideo.localinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Objects;
import java.util.stream.Stream;

/** Removing a directory tree (state dirs, pod dirs), files first. */
public final class Directories {
    private Directories() {}

    /** The directory a file is in (a bare file name's is the working directory). */
    public static Path parentOf(Path file) {
        return Objects.requireNonNull(file.toAbsolutePath().getParent(), () -> file + " is the root, not a file");
    }

    /** Deletes {@code dir} and everything under it; nothing when it does not exist. */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            // Files.delete says why a file stays (permissions, a busy mount), where File.delete only returns false
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
    }
}
