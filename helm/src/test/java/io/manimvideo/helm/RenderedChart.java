package io.manimvideo.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The chart as {@code helm template} renders it (helm-java runs Helm's own Go library in-process), each
 * document parsed into the fabric8 model.
 */
record RenderedChart(List<HasMetadata> objects) {

    static final Path CHART_DIR = Path.of("manim-video");
    static final Path ALL_ON_VALUES = Path.of("src/test/resources/values-all-on.yaml");
    static final String RELEASE = "mv";
    static final String NAMESPACE = "manim";

    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

    static RenderedChart withDefaults() {
        return render(null, Map.of());
    }

    static RenderedChart allOn() {
        return render(ALL_ON_VALUES, Map.of());
    }

    /** Renders with an optional values file and {@code --set} overrides; Helm's errors surface as exceptions. */
    static RenderedChart render(Path valuesFile, Map<String, Object> overrides) {
        return new RenderedChart(parse(template(valuesFile, overrides)));
    }

    static String template(Path valuesFile, Map<String, Object> overrides) {
        TemplateCommand template =
                new Helm(CHART_DIR).template().withName(RELEASE).withNamespace(NAMESPACE);
        if (valuesFile != null) {
            template = template.withValuesFile(valuesFile);
        }
        for (Map.Entry<String, Object> override : overrides.entrySet()) {
            template = template.set(override.getKey(), override.getValue());
        }
        return template.call();
    }

    /** A values file with this YAML, for values {@code --set} cannot express (such as empty lists). */
    static Path valuesFile(String yaml) {
        try {
            Path file = Files.createTempFile("values-", ".yaml");
            file.toFile().deleteOnExit();
            return Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<HasMetadata> parse(String manifest) {
        return Arrays.stream(DOCUMENT_SEPARATOR.split(manifest))
                .filter(RenderedChart::hasContent)
                .map(RenderedChart::unmarshal)
                .toList();
    }

    private static boolean hasContent(String document) {
        return document.lines().map(String::strip).anyMatch(l -> !l.isEmpty() && !l.startsWith("#"));
    }

    private static HasMetadata unmarshal(String document) {
        Object parsed = Serialization.unmarshal(document);
        assertThat(parsed).as("rendered document%n%s", document).isInstanceOf(HasMetadata.class);
        return (HasMetadata) parsed;
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The object of that kind and name in the release namespace (or cluster-scoped). */
    <T extends HasMetadata> T one(Class<T> type, String name) {
        return one(type, name, NAMESPACE);
    }

    <T extends HasMetadata> T one(Class<T> type, String name, String namespace) {
        List<T> named = all(type).stream()
                .filter(o -> o.getMetadata().getName().equals(name))
                .filter(o -> o.getMetadata().getNamespace() == null
                        || o.getMetadata().getNamespace().equals(namespace))
                .toList();
        assertThat(named)
                .as("%s %s in %s", type.getSimpleName(), name, namespace)
                .hasSize(1);
        return named.get(0);
    }

    List<HasMetadata> ofKind(String kind) {
        return objects.stream().filter(o -> o.getKind().equals(kind)).toList();
    }

    /** The environment of the Deployment's container, by variable name. */
    Map<String, EnvVar> env(String deployment) {
        return one(Deployment.class, deployment)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getEnv()
                .stream()
                .collect(Collectors.toMap(EnvVar::getName, Function.identity()));
    }
}
