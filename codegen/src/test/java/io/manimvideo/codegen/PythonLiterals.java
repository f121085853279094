package io.manimvideo.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Reads the top-level constant assignments of a Python file the way Python does (ast.literal_eval). */
final class PythonLiterals {
    private static final String READER = """
      import ast, json, sys
      tree = ast.parse(open(sys.argv[1], encoding="utf-8").read())
      values = {}
      for node in tree.body:
          if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
              try:
                  values[node.targets[0].id] = ast.literal_eval(node.value)
              except ValueError:
                  pass
      print(json.dumps(values))
      """;

    private PythonLiterals() {}

    static Map<String, Object> read(String code, Path temp) throws Exception {
        Path file = Files.createTempFile(temp, "scene", ".py");
        Files.writeString(file, code, StandardCharsets.UTF_8);
        Process process = new ProcessBuilder("python3", "-c", READER, file.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return new ObjectMapper().readValue(out, new TypeReference<Map<String, Object>>() {});
    }
}
