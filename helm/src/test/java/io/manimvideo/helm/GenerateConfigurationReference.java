package io.manimvideo.helm;

import io.manimvideo.api.settings.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes docs/configuration.md from the declared settings (build step, {@code process-test-classes}, into
 * target/; {@link ConfigurationReferenceTest} fails while the committed copy differs). Argument: the file.
 */
public final class GenerateConfigurationReference {
    private GenerateConfigurationReference() {}

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, text());
    }

    static String text() {
        StringBuilder out = new StringBuilder("""
        # Configuration reference

        <!-- Generated from SharedSettings, OperatorSettings, IngressSettings and CodegenEnv by
             helm/src/test/java/io/manimvideo/helm/GenerateConfigurationReference.java: edit the declarations,
             then run `mvn -B -ntp -pl helm -am process-test-classes` and copy helm/target/configuration.md here. -->

        Both services are configured by environment variables, each declared once in code (name, type, default,
        meaning); the chart sets them from its values (`helm/manim-video/values.yaml`; its tests check that
        every variable it sets is declared here and, with default values, equals the default). An unset or
        blank variable takes the default. A value that does not parse stops the service at start with a message
        naming the variable. Secrets come from a Kubernetes Secret (the chart's `secrets.existingSecret`) and are
        never logged.
        """);
        for (DeclaredSettings group : DeclaredSettings.values()) {
            out.append("\n## ")
                    .append(group.title)
                    .append(" (`")
                    .append(group.holder.getSimpleName())
                    .append("`)\n\n")
                    .append(group.note.isEmpty() ? "" : group.note + "\n")
                    .append("| variable | default | type | meaning |\n| --- | --- | --- | --- |\n");
            for (Setting<?> setting : group.own) {
                out.append("| `")
                        .append(setting.name())
                        .append("` | ")
                        .append(
                                setting.defaultValue() == null
                                        ? setting.defaultText()
                                        : "`" + setting.defaultValue() + "`")
                        .append(" | ")
                        .append(setting.type().label())
                        .append(" | ")
                        .append(setting.description())
                        .append(setting.secret() ? " (secret)" : "")
                        .append(" |\n");
            }
        }
        return out.toString().replace("\r", "");
    }
}
