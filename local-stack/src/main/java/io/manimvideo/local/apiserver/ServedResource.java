package io.manimvideo.local.apiserver;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import java.util.ArrayList;
import java.util.List;

/**
 * One resource type the local API server holds, as discovery and the Table view describe it.
 *
 * @param group API group, empty for the core group
 * @param version API version
 * @param plural resource name in URLs
 * @param singular singular name
 * @param kind kind
 * @param namespaced whether objects live in namespaces
 * @param shortNames kubectl short names
 * @param categories kubectl categories (e.g. all)
 * @param subresources subresources served (status, log)
 * @param printerColumns columns of the server-side Table view besides Name
 * @param verbs what clients may do with it
 */
public record ServedResource(
    String group,
    String version,
    String plural,
    String singular,
    String kind,
    boolean namespaced,
    List<String> shortNames,
    List<String> categories,
    List<String> subresources,
    List<CustomResourceColumnDefinition> printerColumns,
    List<String> verbs) {

  static final List<String> ALL_VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

  public String groupVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** Discovery entries: the resource itself and its subresources. */
  List<APIResource> apiResources() {
    var main = new APIResourceBuilder()
        .withName(plural)
        .withSingularName(singular)
        .withNamespaced(namespaced)
        .withKind(kind)
        .withVerbs(verbs)
        .withShortNames(shortNames.isEmpty() ? null : shortNames)
        .withCategories(categories.isEmpty() ? null : categories)
        .build();
    var all = new ArrayList<APIResource>();
    all.add(main);
    for (String sub : subresources) {
      all.add(new APIResourceBuilder()
          .withName(plural + "/" + sub)
          .withSingularName("")
          .withNamespaced(namespaced)
          .withKind(sub.equals("log") ? "Pod" : kind)
          .withVerbs(sub.equals("log") ? List.of("get") : List.of("get", "patch", "update"))
          .build());
    }
    return all;
  }
}
