package io.manimvideo.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.manimvideo.api.workload.CodegenEntrypoint;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** What the codegen image ships ({@code target/lib}: this module's runtime classpath) and how it starts. */
@Tag("unit")
class CodegenImageTest {
  /** The pod holds the AI keys: nothing of the operator, its Kubernetes client or its storage client. */
  private static final List<String> OPERATOR_ONLY = List.of(
      "/io/fabric8/", "/io/javaoperatorsdk/", "/io/minio/", "/io/manimvideo/videojob-operator/", "/operator/target/");

  @Test
  void shipsTheApiModuleAndNothingOfTheOperator() throws Exception {
    // written at process-classes by this module's pom, with the scope copy-dependencies uses for the image
    List<String> classpath = Arrays.asList(
        Files.readString(Path.of("target", "runtime-classpath.txt")).strip().split(":"));

    assertThat(classpath).anyMatch(entry -> entry.contains("/crds/target/") || entry.contains("/videojob-api/"));
    assertThat(classpath).noneMatch(entry -> OPERATOR_ONLY.stream().anyMatch(entry::contains));
  }

  @Test
  void theImageAndTheOperatorsJobsStartThisModulesMain() throws Exception {
    Method main = Class.forName(CodegenEntrypoint.MAIN_CLASS).getMethod("main", String[].class);
    assertThat(main.getDeclaringClass()).isEqualTo(CodegenMain.class);
    assertThat(Modifier.isStatic(main.getModifiers())).isTrue();

    String cmd = Files.readAllLines(Path.of("Dockerfile")).stream()
        .filter(line -> line.startsWith("CMD ")).findFirst().orElseThrow().substring("CMD ".length());
    assertThat(new ObjectMapper().readValue(cmd, new TypeReference<List<String>>() {}))
        .isEqualTo(CodegenEntrypoint.COMMAND);
  }
}
