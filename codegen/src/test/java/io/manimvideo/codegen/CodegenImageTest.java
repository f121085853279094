package io.manimvideo.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.manimvideo.api.workload.CodegenEntrypoint;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * How the codegen image starts (what it ships, this module's runtime classpath, is checked with the other images'
 * by the helm module's ServiceImageTest).
 */
@Tag("unit")
class CodegenImageTest {
    @Test
    void theImageAndTheOperatorsJobsStartThisModulesMain() throws Exception {
        Method main = Class.forName(CodegenEntrypoint.MAIN_CLASS).getMethod("main", String[].class);
        assertThat(main.getDeclaringClass()).isEqualTo(CodegenMain.class);
        assertThat(Modifier.isStatic(main.getModifiers())).isTrue();

        String cmd = Files.readAllLines(Path.of("Dockerfile")).stream()
                .filter(line -> line.startsWith("CMD "))
                .findFirst()
                .orElseThrow()
                .substring("CMD ".length());
        assertThat(new ObjectMapper().readValue(cmd, new TypeReference<List<String>>() {}))
                .isEqualTo(CodegenEntrypoint.COMMAND);
    }
}
