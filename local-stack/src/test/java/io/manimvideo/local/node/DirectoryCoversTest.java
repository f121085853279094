package io.manimvideo.local.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class DirectoryCoversTest {
    @TempDir
    Path dir;

    @Test
    void aDirectoryOnlyItsOwnerMaySearchIsCoveredAndEveryEntryBoundBackLinksAsLinks() throws Exception {
        Path home = Files.createDirectory(dir.resolve("home"));
        Path pyenv = Files.createDirectory(home.resolve(".pyenv"));
        Path secret = Files.writeString(home.resolve(".npmrc"), "token");
        Path link = Files.createSymbolicLink(home.resolve("latest"), Path.of(".pyenv"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));

        assertThat(new DirectoryCovers().open(home).arguments(true))
                .containsExactly(
                        "--perms",
                        "0755",
                        "--tmpfs",
                        home.toString(),
                        "--ro-bind",
                        secret.toString(),
                        secret.toString(),
                        "--ro-bind",
                        pyenv.toString(),
                        pyenv.toString(),
                        "--symlink",
                        ".pyenv",
                        link.toString());
    }

    @Test
    void aSearchableDirectoryIsLeftAsItIs() throws Exception {
        Path home = Files.createDirectory(dir.resolve("home"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThat(new DirectoryCovers().open(home).arguments(false)).isEmpty();
    }

    @Test
    void theWayToAPathThroughLockedDirectoriesIsBoundBackShallowestFirstAndNothingBeside() throws Exception {
        Path base = dir.toRealPath();
        Path locked = Files.createDirectory(base.resolve("locked"));
        Path pods = Files.createDirectories(locked.resolve("pods/ns"));
        Path mine = Files.createDirectory(pods.resolve("mine"));
        Path other = Files.createDirectory(pods.resolve("other"));
        Path beside = Files.createDirectory(locked.resolve("state"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwx------"));

        var args = new DirectoryCovers().only(pods, mine).reach(mine).arguments(false);

        assertThat(args)
                .containsExactly(
                        "--perms",
                        "0755",
                        "--tmpfs",
                        base.toString(),
                        "--bind",
                        locked.toString(),
                        locked.toString(),
                        "--perms",
                        "0755",
                        "--tmpfs",
                        locked.toString(),
                        "--bind",
                        locked.resolve("pods").toString(),
                        locked.resolve("pods").toString(),
                        "--perms",
                        "0755",
                        "--tmpfs",
                        pods.toString(),
                        "--bind",
                        mine.toString(),
                        mine.toString())
                .doesNotContain(other.toString(), beside.toString());
    }
}
