package io.manimvideo.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.manimvideo.api.VideoJobStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Status changes in one place: outside the status package no operator source calls a setter of
 * {@link VideoJobStatus} (nor {@code VideoFacts.setDeleted} on the status's video).
 */
@Tag("unit")
class OnlyTransitionsSetStatusTest {
    private static final Path MAIN = Path.of("src/main/java/io/manimvideo/operator");

    @Test
    void onlyTheStatusPackageSetsStatusFields() throws IOException {
        String setters = Stream.of(VideoJobStatus.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && m.getName().startsWith("set"))
                .map(Method::getName)
                .collect(Collectors.joining("|"));
        assertThat(setters).contains("setPhase", "setExpiresAt", "setConditions");
        Pattern call = Pattern.compile("\\.(?:" + setters + ")\\(|\\.setDeleted\\(true");
        List<String> offenders;
        try (Stream<Path> files = Files.walk(MAIN)) {
            offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.startsWith(MAIN.resolve("status")))
                    .flatMap(OnlyTransitionsSetStatusTest::lines)
                    .filter(line -> call.matcher(line).find())
                    .toList();
        }
        assertThat(offenders)
                .as("status fields set outside io.manimvideo.operator.status")
                .isEmpty();
    }

    private static Stream<String> lines(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return IntStream.range(0, lines.size())
                    .mapToObj(i -> file.getFileName() + ":" + (i + 1) + ": "
                            + lines.get(i).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
