package io.manimvideo.api.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.manimvideo.api.Limits;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * What fabric8's CRD generator cannot say with annotations: printer columns in the order they are declared
 * on the resource class (the generator sorts them by JSON path, and kubectl shows them in file order), and
 * {@code status.conditions} as a map list keyed by {@code type} (one condition per type, merged by key on
 * server-side apply); and {@code spec.manimCode}'s maxLength from {@code contracts/limits.json} ({@link Limits}),
 * which an annotation cannot read.
 */
final class CrdShape implements CRDPostProcessor {
    private final List<String> columnOrder;

    CrdShape(Class<?> resource) {
        this.columnOrder = Arrays.stream(resource.getAnnotationsByType(AdditionalPrinterColumn.class))
                .map(AdditionalPrinterColumn::name)
                .toList();
    }

    @Override
    public HasMetadata process(HasMetadata generated, String crdSpecVersion) {
        CustomResourceDefinition crd = (CustomResourceDefinition) generated;
        for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
            version.getAdditionalPrinterColumns().sort(Comparator.comparingInt(this::declaredPosition));
            JSONSchemaProps status =
                    version.getSchema().getOpenAPIV3Schema().getProperties().get("status");
            JSONSchemaProps conditions = status.getProperties().get("conditions");
            conditions.setXKubernetesListType("map");
            conditions.setXKubernetesListMapKeys(List.of("type"));
            conditions.getItems().getSchema().setRequired(List.of("type"));
            JSONSchemaProps spec =
                    version.getSchema().getOpenAPIV3Schema().getProperties().get("spec");
            spec.getProperties().get("manimCode").setMaxLength((long)
                    Limits.CONTRACT.code().maxBytes());
        }
        return crd;
    }

    private int declaredPosition(CustomResourceColumnDefinition column) {
        int position = columnOrder.indexOf(column.getName());
        if (position < 0) {
            throw new IllegalStateException("printer column " + column.getName() + " is not declared on the resource");
        }
        return position;
    }
}
