package io.manimvideo.local.apiserver;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.ServerAddressByClientCIDRBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The discovery documents kubectl reads before anything else ({@code /api}, {@code /apis}, the group-version
 * resource lists): the mock serves none of them. Built-in types are fixed; custom resources come from the
 * CRDs stored in the server at the time of the request, so a CRD applied later is discoverable too.
 */
final class ApiDiscovery {
  private final Supplier<List<CustomResourceDefinition>> crds;

  ApiDiscovery(Supplier<List<CustomResourceDefinition>> crds) {
    this.crds = crds;
  }

  /** Every resource type served now, built-in first. */
  List<ServedResource> resources() {
    var all = new ArrayList<>(BuiltInResources.ALL);
    for (CustomResourceDefinition crd : crds.get()) {
      var spec = crd.getSpec();
      var names = spec.getNames();
      for (CustomResourceDefinitionVersion version : spec.getVersions()) {
        if (!Boolean.TRUE.equals(version.getServed())) {
          continue;
        }
        boolean status = version.getSubresources() != null && version.getSubresources().getStatus() != null;
        all.add(new ServedResource(spec.getGroup(), version.getName(), names.getPlural(),
            Optional.ofNullable(names.getSingular()).orElse(names.getKind().toLowerCase()), names.getKind(),
            "Namespaced".equals(spec.getScope()), orEmpty(names.getShortNames()), orEmpty(names.getCategories()),
            status ? List.of("status") : List.of(), orEmpty(version.getAdditionalPrinterColumns()),
            ServedResource.ALL_VERBS));
      }
    }
    return all;
  }

  Optional<ServedResource> find(String group, String version, String plural) {
    return resources().stream()
        .filter(r -> r.group().equals(group) && r.version().equals(version) && r.plural().equals(plural))
        .findFirst();
  }

  /** {@code GET /api}. */
  String coreVersions(String serverAddress) {
    return Serialization.asJson(new APIVersionsBuilder()
        .withVersions("v1")
        .withServerAddressByClientCIDRs(new ServerAddressByClientCIDRBuilder()
            .withClientCIDR("0.0.0.0/0").withServerAddress(serverAddress).build())
        .build());
  }

  /** {@code GET /apis}. */
  String groupList() {
    return Serialization.asJson(new APIGroupListBuilder().withGroups(groups().values().stream().toList()).build());
  }

  /** {@code GET /apis/<group>}. */
  Optional<String> group(String name) {
    return Optional.ofNullable(groups().get(name)).map(Serialization::asJson);
  }

  /** {@code GET /api/v1} and {@code GET /apis/<group>/<version>}. */
  Optional<String> resourceList(String group, String version) {
    var matching = resources().stream()
        .filter(r -> r.group().equals(group) && r.version().equals(version))
        .toList();
    if (matching.isEmpty()) {
      return Optional.empty();
    }
    var list = new APIResourceListBuilder().withGroupVersion(matching.get(0).groupVersion());
    matching.forEach(r -> list.addAllToResources(r.apiResources()));
    return Optional.of(Serialization.asJson(list.build()));
  }

  private Map<String, APIGroup> groups() {
    Map<String, List<String>> versions = new LinkedHashMap<>();
    for (ServedResource r : resources()) {
      if (!r.group().isEmpty()) {
        var list = versions.computeIfAbsent(r.group(), g -> new ArrayList<>());
        if (!list.contains(r.version())) {
          list.add(r.version());
        }
      }
    }
    Map<String, APIGroup> groups = new LinkedHashMap<>();
    versions.forEach((group, vs) -> {
      var gvs = vs.stream().map(v -> new GroupVersionForDiscovery(group + "/" + v, v)).toList();
      groups.put(group, new APIGroupBuilder()
          .withName(group)
          .withVersions(gvs)
          .withPreferredVersion(gvs.get(0))
          .build());
    });
    return groups;
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
