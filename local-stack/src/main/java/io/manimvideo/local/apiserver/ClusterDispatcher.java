package io.manimvideo.local.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionList;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The fabric8 CRUD dispatcher plus what a real API server has and kubectl needs: discovery, {@code /version},
 * an OpenAPI v3 index ({@link OpenApiIndex}),
 * server-side Table output, typed list kinds, field selectors on any field, pod logs, Secret stringData
 * written into data, and deletionTimestamp that a client cannot take back.
 */
final class ClusterDispatcher extends Dispatcher {
  private static final String CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
  private static final String JSON = "application/json";
  private static final String REVIEWS = "/apis/authorization.k8s.io/v1/selfsubject";

  private final KubernetesCrudDispatcher store;
  private final ApiDiscovery discovery;
  private final TableView tables;
  private final OpenApiIndex openApi;
  private final PodLogs podLogs;
  private final String versionInfo;
  private volatile String serverAddress = "127.0.0.1";

  ClusterDispatcher(KubernetesCrudDispatcher store, PodLogs podLogs, String versionInfo, Clock clock) {
    this.store = store;
    this.podLogs = podLogs;
    this.versionInfo = versionInfo;
    this.discovery = new ApiDiscovery(this::storedCrds);
    this.tables = new TableView(clock);
    this.openApi = new OpenApiIndex(discovery);
  }

  /** The address clients reach the server at, reported in {@code /api}. */
  void serverAddress(String hostPort) {
    this.serverAddress = hostPort;
  }

  ApiDiscovery discovery() {
    return discovery;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    var target = RequestPath.parse(request.getPath());
    if (request.method() == HttpMethod.GET) {
      Optional<MockResponse> answered = answerFixedPath(target);
      if (answered.isPresent()) {
        return answered.get();
      }
      if (!target.isWatch()) {
        return get(request, target);
      }
    }
    if (request.method() == HttpMethod.POST && target.path().startsWith(REVIEWS)) {
      return allowEverything(target);
    }
    if (request.method() == HttpMethod.PUT) {
      request = keepDeletionTimestamp(request, target);
    }
    if ((request.method() == HttpMethod.POST || request.method() == HttpMethod.PUT)
        && target.segments().contains("secrets")) {
      request = stringDataIntoData(request);
    }
    MockResponse answer = store.dispatch(request);
    return answer == null ? status(405, "MethodNotAllowed", request.getMethod() + " is not supported")
        : withJsonType(answer);
  }

  private Optional<MockResponse> answerFixedPath(RequestPath target) {
    var s = target.segments();
    if (target.path().equals("/version")) {
      return Optional.of(json(200, versionInfo));
    }
    if (s.size() == 2 && s.get(0).equals("openapi") && s.get(1).equals("v3")) {
      return Optional.of(json(200, Serialization.asJson(openApi.root())));
    }
    if (s.size() >= 4 && s.get(0).equals("openapi") && s.get(1).equals("v3")) {
      String group = s.get(2).equals("api") ? "" : s.get(3);
      String version = s.get(s.size() - 1);
      return Optional.of(openApi.groupVersion(group, version).map(d -> json(200, Serialization.asJson(d)))
          .orElseGet(ClusterDispatcher::notFound));
    }
    if (!s.isEmpty() && s.get(0).equals("openapi")) {
      return Optional.of(status(404, "NotFound", "the local API server publishes no OpenAPI v2 document"));
    }
    if (s.size() == 1 && s.get(0).equals("api")) {
      return Optional.of(json(200, discovery.coreVersions(serverAddress)));
    }
    if (s.size() == 1 && s.get(0).equals("apis")) {
      return Optional.of(json(200, discovery.groupList()));
    }
    if (s.size() == 2 && s.get(0).equals("api")) {
      return Optional.of(discovery.resourceList("", s.get(1)).map(b -> json(200, b)).orElseGet(ClusterDispatcher::notFound));
    }
    if (s.size() == 2 && s.get(0).equals("apis")) {
      return Optional.of(discovery.group(s.get(1)).map(b -> json(200, b)).orElseGet(ClusterDispatcher::notFound));
    }
    if (s.size() == 3 && s.get(0).equals("apis")) {
      return Optional.of(discovery.resourceList(s.get(1), s.get(2)).map(b -> json(200, b))
          .orElseGet(ClusterDispatcher::notFound));
    }
    // /api/v1/namespaces/NS/pods/NAME/log
    if (s.size() == 7 && s.get(0).equals("api") && s.get(4).equals("pods") && s.get(6).equals("log")) {
      return Optional.of(podLogs.read(s.get(3), s.get(5))
          .map(log -> new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain").setBody(log))
          .orElseGet(() -> status(404, "NotFound", "no log for pod " + s.get(5))));
    }
    return Optional.empty();
  }

  private MockResponse get(RecordedRequest request, RequestPath target) {
    var selector = FieldSelector.parse(target.query().get("fieldSelector"));
    String forwarded = selector.others().isEmpty() ? request.getPath()
        : target.withQuery("fieldSelector", selector.indexed());
    MockResponse response = store.handleGet(forwarded);
    if (response.code() != 200) {
      return withJsonType(response);
    }
    JsonNode body = Serialization.unmarshal(
        new String(response.getBody().getBytes(), StandardCharsets.UTF_8), JsonNode.class);
    Optional<ServedResource> resource = resourceOf(target);
    if (body instanceof ObjectNode list && list.has("items")) {
      selector.filter(list);
      // typed clients (client-go) decode a list by its kind: EventList, not the store's generic List
      resource.ifPresent(r -> list.put("kind", r.kind() + "List").put("apiVersion", r.groupVersion()));
    }
    if (TableView.wanted(request.getHeader("Accept")) && resource.isPresent()) {
      body = tables.render(body, resource.get().printerColumns(), target.query().get("includeObject"));
    }
    return json(200, Serialization.asJson(body));
  }

  /**
   * How watch events are written for this request: as stored, or, when a Table was asked for
   * ({@code kubectl get -w}), with each object as a one-row Table.
   */
  UnaryOperator<String> watchEvents(RecordedRequest request) {
    var target = RequestPath.parse(request.getPath());
    Optional<ServedResource> resource = resourceOf(target);
    if (!TableView.wanted(request.getHeader("Accept")) || resource.isEmpty()) {
      return UnaryOperator.identity();
    }
    var columns = resource.get().printerColumns();
    String includeObject = target.query().get("includeObject");
    return text -> {
      JsonNode event = Serialization.unmarshal(text, JsonNode.class);
      if (!(event instanceof ObjectNode e) || !e.has("object")) {
        return text;
      }
      e.set("object", tables.render(e.get("object"), columns, includeObject));
      return Serialization.asJson(e);
    };
  }

  /** {@code /api/v1/[namespaces/NS/]PLURAL[/NAME]} or {@code /apis/G/V/[namespaces/NS/]PLURAL[/NAME]}. */
  private Optional<ServedResource> resourceOf(RequestPath target) {
    var s = target.segments();
    if (s.isEmpty()) {
      return Optional.empty();
    }
    int base = s.get(0).equals("api") ? 2 : 3;
    if (s.size() <= base) {
      return Optional.empty();
    }
    String group = base == 2 ? "" : s.get(1);
    String version = s.get(base - 1);
    int pluralIndex = s.get(base).equals("namespaces") && s.size() > base + 2 ? base + 2 : base;
    return discovery.find(group, version, s.get(pluralIndex));
  }

  /** A client cannot take back a deletion: a PUT keeps the stored deletionTimestamp. */
  private RecordedRequest keepDeletionTimestamp(RecordedRequest request, RequestPath target) {
    String objectPath = target.path().replaceFirst("/status$", "");
    MockResponse current = store.handleGet(objectPath);
    if (current.code() != 200 || request.getBody() == null) {
      return request;
    }
    JsonNode stored = Serialization.unmarshal(new String(current.getBody().getBytes(), StandardCharsets.UTF_8),
        JsonNode.class);
    JsonNode deletion = stored.path("metadata").path("deletionTimestamp");
    if (deletion.isMissingNode() || deletion.isNull()) {
      return request;
    }
    JsonNode body = Serialization.unmarshal(new String(request.getBody().getBytes(), StandardCharsets.UTF_8),
        JsonNode.class);
    if (!(body.path("metadata") instanceof ObjectNode metadata)) {
      return request;
    }
    metadata.set("deletionTimestamp", deletion);
    return new RecordedRequest(request.getHttpVersion(), request.method(), request.getPath(), request.getHeaders(),
        new Buffer(Serialization.asJson(body).getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * No authorization here: a self-subject review says every request is allowed, and is not stored. The
   * request may be protobuf (kubectl sends built-in types so); the answer is JSON, which clients also accept.
   */
  private static MockResponse allowEverything(RequestPath target) {
    var mapper = Serialization.jsonMapper();
    ObjectNode review = mapper.createObjectNode().put("apiVersion", "authorization.k8s.io/v1");
    ObjectNode status = mapper.createObjectNode();
    if (target.path().endsWith("rulesreviews")) {
      review.put("kind", "SelfSubjectRulesReview");
      ObjectNode rule = status.putArray("resourceRules").addObject();
      rule.putArray("verbs").add("*");
      rule.putArray("apiGroups").add("*");
      rule.putArray("resources").add("*");
      ObjectNode nonResource = status.putArray("nonResourceRules").addObject();
      nonResource.putArray("verbs").add("*");
      nonResource.putArray("nonResourceURLs").add("*");
      status.put("incomplete", false);
    } else {
      review.put("kind", "SelfSubjectAccessReview");
      status.put("allowed", true).put("reason", "the local API server checks no permissions");
    }
    review.putObject("metadata");
    review.set("status", status);
    return json(201, Serialization.asJson(review));
  }

  /** As the API server does: a Secret's stringData is written into data (base64) and not stored. */
  private static RecordedRequest stringDataIntoData(RecordedRequest request) {
    if (request.getBody() == null || request.getBody().size() == 0) {
      return request;
    }
    JsonNode body = Serialization.unmarshal(new String(request.getBody().getBytes(), StandardCharsets.UTF_8),
        JsonNode.class);
    if (!(body instanceof ObjectNode secret) || !(secret.get("stringData") instanceof ObjectNode stringData)) {
      return request;
    }
    ObjectNode data = secret.has("data") && secret.get("data").isObject() ? (ObjectNode) secret.get("data")
        : secret.putObject("data");
    stringData.fields().forEachRemaining(e -> data.put(e.getKey(),
        Base64.getEncoder().encodeToString(e.getValue().asText().getBytes(StandardCharsets.UTF_8))));
    secret.remove("stringData");
    return new RecordedRequest(request.getHttpVersion(), request.method(), request.getPath(), request.getHeaders(),
        new Buffer(Serialization.asJson(secret).getBytes(StandardCharsets.UTF_8)));
  }

  private List<CustomResourceDefinition> storedCrds() {
    MockResponse response = store.handleGet(CRDS);
    if (response.code() != 200) {
      return List.of();
    }
    var list = Serialization.unmarshal(new String(response.getBody().getBytes(), StandardCharsets.UTF_8),
        CustomResourceDefinitionList.class);
    return list.getItems() == null ? List.of() : list.getItems();
  }

  private static MockResponse withJsonType(MockResponse response) {
    if (response.getWebSocketListener() == null && response.header("Content-Type") == null) {
      response.setHeader("Content-Type", JSON);
    }
    return response;
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", JSON).setBody(body);
  }

  static MockResponse status(int code, String reason, String message) {
    String body = Serialization.asJson(new io.fabric8.kubernetes.api.model.StatusBuilder()
        .withStatus("Failure").withCode(code).withReason(reason).withMessage(message).build());
    return json(code, body);
  }

  private static MockResponse notFound() {
    return status(404, "NotFound", "the server could not find the requested resource");
  }
}
