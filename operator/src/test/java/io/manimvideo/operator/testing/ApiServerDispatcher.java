package io.manimvideo.operator.testing;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.List;

/**
 * The mock API server's CRUD dispatcher, plus the one review the CRUD mode cannot answer: JOSDK asks
 * {@code SelfSubjectRulesReview} whether it may use Leases before leader election. The answer is in the
 * real API's format and grants what the operator's Role grants in the chart.
 */
public final class ApiServerDispatcher extends KubernetesCrudDispatcher {
  private static final String LEASE_RULES = """
      {"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectRulesReview","metadata":{},
       "spec":{"namespace":"%s"},
       "status":{"incomplete":false,"nonResourceRules":[],
         "resourceRules":[{"apiGroups":["coordination.k8s.io"],"resources":["leases"],
                           "verbs":["get","list","watch","create","update","patch"]}]}}""";

  public ApiServerDispatcher() {
    super(List.of());
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    if ("POST".equals(request.getMethod()) && request.getPath().endsWith("/selfsubjectrulesreviews")) {
      return new MockResponse().setResponseCode(201)
          .setBody(LEASE_RULES.formatted(OperatorTestEnvironment.NAMESPACE));
    }
    return super.dispatch(request);
  }
}
