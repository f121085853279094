package io.manimvideo.local.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The bubblewrap arguments that change what a container running as another host uid can reach of the agent's
 * file system, without changing the host: a directory is covered with an empty tmpfs (mode 0755, owned by root)
 * and some of its entries are bound back in, each with its own permissions. A directory only its owner may search
 * (the agent's HOME, {@code /root}, mode 0700, which holds the Python and the Maven repository the pods read;
 * a temporary directory holding the pod directories) then behaves as if it were searchable but not listable
 * (0711); the directory of a namespace's pods shows only the container's own pod, as a kubelet's container sees
 * only its own volumes.
 */
final class DirectoryCovers {
    /** Covered directory -> the entries bound back in; shallower directories first, as their tmpfs comes first. */
    private final Map<Path, Set<Path>> covers =
            new TreeMap<>(Comparator.comparingInt(Path::getNameCount).thenComparing(Comparator.naturalOrder()));

    /** If {@code dir} is not searchable by others, every entry of it stays reachable. */
    DirectoryCovers open(Path dir) {
        if (!searchable(dir)) {
            Path real = real(dir);
            try (Stream<Path> entries = Files.list(real)) {
                entries.forEach(entry -> bindBack(real, entry));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return this;
    }

    /** Every directory above {@code path} that is not searchable by others is covered, the way down bound back. */
    DirectoryCovers reach(Path path) {
        Path absolute = real(path);
        for (int depth = 1; depth < absolute.getNameCount(); depth++) {
            Path dir = absolute.getRoot().resolve(absolute.subpath(0, depth));
            if (!searchable(dir)) {
                bindBack(dir, dir.resolve(absolute.getName(depth)));
            }
        }
        return this;
    }

    /** {@code dir} shows only {@code entry}. */
    DirectoryCovers only(Path dir, Path entry) {
        bindBack(real(dir), real(entry));
        return this;
    }

    /** The arguments, after the bind of {@code /}; entries bound back read-only with {@code readOnly}. */
    List<String> arguments(boolean readOnly) {
        List<String> args = new ArrayList<>();
        covers.forEach((dir, entries) -> {
            args.addAll(List.of("--perms", "0755", "--tmpfs", dir.toString()));
            for (Path entry : entries) {
                if (Files.isSymbolicLink(entry)) {
                    try {
                        args.addAll(List.of(
                                "--symlink", Files.readSymbolicLink(entry).toString(), entry.toString()));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                } else {
                    args.addAll(List.of(readOnly ? "--ro-bind" : "--bind", entry.toString(), entry.toString()));
                }
            }
        });
        return args;
    }

    private void bindBack(Path dir, Path entry) {
        covers.computeIfAbsent(dir, d -> new TreeSet<>()).add(entry);
    }

    /** The path without symbolic links: the directories a link leads through are the ones searched and covered. */
    private static Path real(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean searchable(Path dir) {
        try {
            return Files.getPosixFilePermissions(dir).contains(PosixFilePermission.OTHERS_EXECUTE);
        } catch (IOException e) {
            return true; // nothing to bind back
        }
    }
}
