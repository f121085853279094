package io.manimvideo.local.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/architecture.md true: every repository path it names exists, and every {@code path#member} it
 * points a reader to (a method, a constant, a Python function) is still declared in that file.
 */
@Tag("unit")
class ArchitecturePageTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path PAGE = ROOT.resolve("docs/architecture.md");
    /** `some/dir/File.ext` or `some/dir/` or `some/dir/File.ext#member`, inside backticks. */
    private static final Pattern REFERENCE = Pattern.compile("`((?:[\\w.-]+/)+(?:[\\w.-]+\\.\\w+)?)(?:#(\\w+))?`");

    @Test
    void everyNamedPathAndMemberExists() throws IOException {
        String page = Files.readString(PAGE);
        List<String> missing = new ArrayList<>();
        int references = 0;
        Matcher m = REFERENCE.matcher(page);
        while (m.find()) {
            references++;
            Path target = ROOT.resolve(m.group(1));
            if (!Files.exists(target)) {
                missing.add(m.group(1) + " (no such path)");
            } else if (m.group(2) != null
                    && !Pattern.compile("\\b" + m.group(2) + "\\b")
                            .matcher(Files.readString(target))
                            .find()) {
                missing.add(m.group(0) + " (" + m.group(2) + " is not declared there)");
            }
        }
        assertThat(references).as("paths named by docs/architecture.md").isGreaterThan(20);
        assertThat(missing).as("stale references in docs/architecture.md").isEmpty();
    }
}
