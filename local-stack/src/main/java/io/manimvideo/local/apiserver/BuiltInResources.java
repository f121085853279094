package io.manimvideo.local.apiserver;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import java.util.List;

/** The built-in Kubernetes types the stack uses: what the operator, ingress, Job runner and kubectl touch. */
final class BuiltInResources {
  private BuiltInResources() {
  }

  static final List<ServedResource> ALL = List.of(
      core("pods", "pod", "Pod", true, List.of("po"), List.of("all"), List.of("status", "log"),
          List.of(column("Status", ".status.phase", "string"), column("Age", ".metadata.creationTimestamp", "date"))),
      core("events", "event", "Event", true, List.of("ev"), List.of(), List.of(),
          List.of(column("Type", ".type", "string"), column("Reason", ".reason", "string"),
              column("Object", ".involvedObject.name", "string"), column("Message", ".message", "string"))),
      core("namespaces", "namespace", "Namespace", false, List.of("ns"), List.of(), List.of("status"), List.of()),
      core("secrets", "secret", "Secret", true, List.of(), List.of(), List.of(), List.of()),
      core("configmaps", "configmap", "ConfigMap", true, List.of("cm"), List.of(), List.of(), List.of()),
      core("services", "service", "Service", true, List.of("svc"), List.of("all"), List.of("status"), List.of()),
      core("serviceaccounts", "serviceaccount", "ServiceAccount", true, List.of("sa"), List.of(), List.of(), List.of()),
      new ServedResource("batch", "v1", "jobs", "job", "Job", true, List.of(), List.of("all"), List.of("status"),
          List.of(column("Active", ".status.active", "integer"), column("Succeeded", ".status.succeeded", "integer"),
              column("Failed", ".status.failed", "integer"), column("Age", ".metadata.creationTimestamp", "date")),
          ServedResource.ALL_VERBS),
      new ServedResource("coordination.k8s.io", "v1", "leases", "lease", "Lease", true, List.of(), List.of(), List.of(),
          List.of(column("Holder", ".spec.holderIdentity", "string")), ServedResource.ALL_VERBS),
      new ServedResource("events.k8s.io", "v1", "events", "event", "Event", true, List.of("ev"), List.of(), List.of(),
          List.of(), ServedResource.ALL_VERBS),
      new ServedResource("apiextensions.k8s.io", "v1", "customresourcedefinitions", "customresourcedefinition",
          "CustomResourceDefinition", false, List.of("crd", "crds"), List.of(), List.of("status"), List.of(),
          ServedResource.ALL_VERBS),
      // the API server checks no permissions: every review answers "allowed" (JOSDK asks before leader election)
      review("selfsubjectrulesreviews", "SelfSubjectRulesReview"),
      review("selfsubjectaccessreviews", "SelfSubjectAccessReview"));

  private static ServedResource core(String plural, String singular, String kind, boolean namespaced,
      List<String> shortNames, List<String> categories, List<String> subresources,
      List<CustomResourceColumnDefinition> columns) {
    return new ServedResource("", "v1", plural, singular, kind, namespaced, shortNames, categories, subresources,
        columns, ServedResource.ALL_VERBS);
  }

  private static ServedResource review(String plural, String kind) {
    return new ServedResource("authorization.k8s.io", "v1", plural, "", kind, false, List.of(), List.of(), List.of(),
        List.of(), List.of("create"));
  }

  private static CustomResourceColumnDefinition column(String name, String jsonPath, String type) {
    var column = new CustomResourceColumnDefinition();
    column.setName(name);
    column.setJsonPath(jsonPath);
    column.setType(type);
    column.setPriority(0);
    return column;
  }
}
