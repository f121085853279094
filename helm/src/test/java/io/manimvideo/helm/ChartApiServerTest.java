package io.manimvideo.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.manimvideo.localinfra.controlplane.SharedControlPlane;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every object the chart renders is a well-formed Kubernetes object that a real API server accepts. */
class ChartApiServerTest {

    static final Path CHART_CRD = RenderedChart.CHART_DIR.resolve("crds/videojobs.manimvideo.io-v1.yml");
    private static final ResourceDefinitionContext SERVICE_MONITORS = new ResourceDefinitionContext.Builder()
            .withGroup("monitoring.coreos.com")
            .withVersion("v1")
            .withKind("ServiceMonitor")
            .withPlural("servicemonitors")
            .withNamespaced(true)
            .build();

    static Stream<Arguments> renderings() {
        return Stream.of(
                Arguments.of("defaults", RenderedChart.withDefaults()),
                Arguments.of("all on", RenderedChart.allOn()),
                Arguments.of(
                        "all namespaces",
                        RenderedChart.render(
                                RenderedChart.ALL_ON_VALUES, Map.of("operator.watchAllNamespaces", true))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void everyRenderedObjectIsKnownToTheModel(String name, RenderedChart chart) {
        assertThat(chart.objects()).isNotEmpty();
        for (HasMetadata object : chart.objects()) {
            String id = object.getKind() + " " + object.getMetadata().getName();
            if (object.getKind().equals("ServiceMonitor")) {
                assertThat(object).as(id).isInstanceOf(GenericKubernetesResource.class);
            } else {
                assertThat(object).as(id).isNotInstanceOf(GenericKubernetesResource.class);
                assertThat(UnknownFields.in(object))
                        .as("fields the model does not know in %s", id)
                        .isEmpty();
            }
            assertThat(object.getMetadata().getLabels())
                    .as(id)
                    .containsEntry("app.kubernetes.io/name", "manim-video")
                    .containsEntry("app.kubernetes.io/instance", RenderedChart.RELEASE)
                    .containsEntry("app.kubernetes.io/managed-by", "Helm")
                    .containsEntry("app.kubernetes.io/version", "0.1.0")
                    .containsKey("app.kubernetes.io/component")
                    .containsKey("helm.sh/chart");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void realApiServerAcceptsTheCrdThenEveryObject(String name, RenderedChart chart) {
        try (KubernetesClient client = SharedControlPlane.get().client()) {
            for (CustomResourceDefinition crd : List.of(chartCrd(), serviceMonitorCrd())) {
                client.apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .resource(crd)
                        .forceConflicts()
                        .serverSideApply();
                client.apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .withName(crd.getMetadata().getName())
                        .waitUntilCondition(
                                c -> c.getStatus() != null
                                        && c.getStatus().getConditions().stream()
                                                .anyMatch(cond -> "Established".equals(cond.getType())
                                                        && "True".equals(cond.getStatus())),
                                60,
                                TimeUnit.SECONDS);
            }
            chart.objects().stream()
                    .map(o -> o.getMetadata().getNamespace())
                    .filter(Objects::nonNull)
                    .distinct()
                    .forEach(ns -> client.namespaces()
                            .resource(new NamespaceBuilder()
                                    .withNewMetadata()
                                    .withName(ns)
                                    .endMetadata()
                                    .build())
                            .serverSideApply());

            for (HasMetadata object : chart.objects()) {
                // server-side dry run: validation, defaulting and admission as for a real install, nothing stored
                HasMetadata accepted = object instanceof GenericKubernetesResource serviceMonitor
                        ? client.genericKubernetesResources(SERVICE_MONITORS)
                                .inNamespace(serviceMonitor.getMetadata().getNamespace())
                                .resource(serviceMonitor)
                                .dryRun()
                                .create()
                        : client.resource(object).dryRun().create();
                assertThat(accepted.getMetadata().getName())
                        .as("%s accepted", object.getKind())
                        .isEqualTo(object.getMetadata().getName());
            }
        }
    }

    /** The CRD as Helm installs it from the chart's crds/ folder. */
    static CustomResourceDefinition chartCrd() {
        return Serialization.unmarshal(
                new Helm(RenderedChart.CHART_DIR).show().crds().call(), CustomResourceDefinition.class);
    }

    /** The Prometheus Operator's CRD in its smallest form: enough for the API server to store ServiceMonitors. */
    private static CustomResourceDefinition serviceMonitorCrd() {
        return new CustomResourceDefinitionBuilder()
                .withNewMetadata()
                .withName("servicemonitors.monitoring.coreos.com")
                .endMetadata()
                .withNewSpec()
                .withGroup("monitoring.coreos.com")
                .withScope("Namespaced")
                .withNewNames()
                .withKind("ServiceMonitor")
                .withPlural("servicemonitors")
                .withSingular("servicemonitor")
                .endNames()
                .addNewVersion()
                .withName("v1")
                .withServed(true)
                .withStorage(true)
                .withNewSchema()
                .withNewOpenAPIV3Schema()
                .withType("object")
                .withXKubernetesPreserveUnknownFields(true)
                .endOpenAPIV3Schema()
                .endSchema()
                .endVersion()
                .endSpec()
                .build();
    }
}
