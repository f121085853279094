package io.manimvideo.helm;

import static io.manimvideo.helm.ChartSecurityTest.INGRESS;
import static io.manimvideo.helm.ChartSecurityTest.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.manimvideo.api.settings.Setting;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The chart sets only declared settings (a misspelt variable would be silently ignored by the service), takes
 * secrets from Secrets, and with default values sets each to its declared default.
 */
@Tag("unit")
class ChartSettingsTest {
    /** Deployment name → the settings its service reads. */
    private static final Map<String, DeclaredSettings> SERVICES =
            Map.of(OPERATOR, DeclaredSettings.OPERATOR, INGRESS, DeclaredSettings.INGRESS);
    /**
     * Where the chart's default values write out a value instead of the declared default: the release namespace,
     * which is what the default (the pod's own namespace, POD_NAMESPACE) gives, stated so the RBAC and the
     * NetworkPolicies the chart makes for it cannot disagree.
     */
    private static final Map<String, String> CHART_OVERRIDES =
            Map.of("WATCH_NAMESPACES", RenderedChart.NAMESPACE, "VIDEOJOB_NAMESPACE", RenderedChart.NAMESPACE);
    /** Set through operator.extraEnv in values-all-on.yaml: the JVM's variable, not ours. */
    private static final Set<String> NOT_OURS = Set.of("JAVA_TOOL_OPTIONS");

    @Test
    void withDefaultValuesEveryVariableIsDeclaredAndHasItsDefault() {
        RenderedChart chart = RenderedChart.withDefaults();
        SoftAssertions softly = new SoftAssertions();
        SERVICES.forEach((deployment, service) -> {
            Map<String, EnvVar> env = chart.env(deployment);
            assertThat(env.keySet())
                    .as(deployment)
                    .containsAll(CHART_OVERRIDES.keySet().stream()
                            .filter(name -> service.find(name).isPresent())
                            .toList());
            env.values()
                    .forEach(variable -> service.find(variable.getName())
                            .ifPresentOrElse(
                                    setting -> checkDefault(softly, deployment, setting, variable),
                                    () -> softly.fail(
                                            "%s sets %s, which %s does not declare",
                                            deployment, variable.getName(), service.holder.getSimpleName())));
        });
        softly.assertAll();
    }

    @Test
    void withEveryOptionOnEveryVariableIsDeclared() {
        RenderedChart chart = RenderedChart.allOn();
        SoftAssertions softly = new SoftAssertions();
        SERVICES.forEach((deployment, service) -> chart.env(deployment).keySet().stream()
                .filter(name -> !NOT_OURS.contains(name))
                .forEach(name -> softly.assertThat(service.find(name))
                        .as("%s sets %s: not declared", deployment, name)
                        .isPresent()));
        softly.assertAll();
        assertThat(chart.env(OPERATOR)).as("the provider family is set").containsKeys("CODEGEN_GROQ_MODEL");
    }

    @Test
    void misspeltVariablesAreNotDeclared() {
        assertThat(DeclaredSettings.OPERATOR.find("RENDER_CPU_LIMT")).isEmpty();
        assertThat(DeclaredSettings.OPERATOR.find("CODEGEN_GROQ_MODLE")).isEmpty();
        assertThat(DeclaredSettings.OPERATOR.find("CODEGEN_GROQ_MODEL")).isPresent();
        assertThat(DeclaredSettings.INGRESS.find("RENDER_IMAGE"))
                .as("the operator's, not the ingress's")
                .isEmpty();
        assertThat(DeclaredSettings.INGRESS.find("STORAGE_BUCKET")).as("shared").isPresent();
    }

    private static void checkDefault(SoftAssertions softly, String deployment, Setting<?> setting, EnvVar variable) {
        String name = setting.name();
        if (variable.getValueFrom() != null) {
            if (variable.getValueFrom().getSecretKeyRef() != null) {
                softly.assertThat(setting.secret())
                        .as("%s takes %s from a Secret: declare it secret", deployment, name)
                        .isTrue();
            }
            return;
        }
        String value = variable.getValue();
        softly.assertThat(setting.secret())
                .as("%s sets secret %s in plain text", deployment, name)
                .isFalse();
        if (CHART_OVERRIDES.containsKey(name)) {
            softly.assertThat(value).as("%s %s", deployment, name).isEqualTo(CHART_OVERRIDES.get(name));
        } else if (setting.defaultValue() == null) {
            softly.assertThat(value)
                    .as("%s sets %s, which has no default", deployment, name)
                    .isNullOrEmpty();
        } else {
            softly.assertThat((Object) setting.parse(value))
                    .as(
                            "%s sets %s to '%s'; its declared default is '%s'",
                            deployment, name, value, setting.defaultValue())
                    .isEqualTo(setting.defaultParsed().orElseThrow());
        }
    }
}
