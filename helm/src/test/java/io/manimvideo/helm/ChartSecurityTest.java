package io.manimvideo.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Restricted pods, least-privilege RBAC, secrets by reference and a closed network for the sandbox. */
@Tag("unit")
class ChartSecurityTest {

    static final String OPERATOR = "mv-manim-video-operator";
    static final String INGRESS = "mv-manim-video-ingress";
    /** Every key the chart reads from the operator's and the ingress' Secrets. */
    static final Set<String> SECRET_KEYS = Set.of(
            "STORAGE_ACCESS_KEY",
            "STORAGE_SECRET_KEY",
            "REDIS_URL",
            "REDIS_PASSWORD",
            "TELEGRAM_BOT_TOKEN",
            "TELEGRAM_WEBHOOK_SECRET",
            "WHATSAPP_ACCESS_TOKEN",
            "WHATSAPP_APP_SECRET",
            "WHATSAPP_VERIFY_TOKEN");

    static Stream<Arguments> renderings() {
        return Stream.of(
                Arguments.of("defaults", RenderedChart.withDefaults()), Arguments.of("all on", RenderedChart.allOn()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void servicePodsRunRestricted(String name, RenderedChart chart) {
        for (Deployment deployment : chart.all(Deployment.class)) {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            PodSecurityContext podSecurity = pod.getSecurityContext();
            assertThat(podSecurity.getRunAsNonRoot()).isTrue();
            assertThat(podSecurity.getRunAsUser()).isEqualTo(10001L);
            assertThat(podSecurity.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");

            assertThat(pod.getContainers()).hasSize(1);
            Container container = pod.getContainers().get(0);
            SecurityContext security = container.getSecurityContext();
            assertThat(security.getRunAsNonRoot()).isTrue();
            assertThat(security.getReadOnlyRootFilesystem()).isTrue();
            assertThat(security.getAllowPrivilegeEscalation()).isFalse();
            assertThat(security.getPrivileged()).isNotEqualTo(Boolean.TRUE);
            assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(security.getCapabilities().getAdd()).isNullOrEmpty();
            assertThat(security.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");

            // a read-only root file system needs a writable /tmp
            assertThat(container.getVolumeMounts())
                    .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
            assertThat(pod.getVolumes())
                    .anySatisfy(v -> assertThat(v.getEmptyDir()).isNotNull());

            assertThat(container.getResources().getLimits()).containsKey("memory");
            assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
            assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
            assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
            assertThat(container.getLivenessProbe().getHttpGet().getPort().getStrVal())
                    .isEqualTo("http");
            // a JVM that starts slowly on a busy node (a rollout beside running renders) gets five minutes before the
            // liveness probe may restart it: without this it was killed before it listened, again and again
            assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/healthz");
            assertThat(container.getStartupProbe().getPeriodSeconds()
                            * container.getStartupProbe().getFailureThreshold())
                    .isGreaterThanOrEqualTo(300);
            // a restart cannot cure a node short of CPU (it makes it worse: a JVM's start is the costliest minute of
            // its life); liveness restarts a service only after a minute of unanswered probes
            var liveness = container.getLivenessProbe();
            assertThat(liveness.getPeriodSeconds() * liveness.getFailureThreshold())
                    .isGreaterThanOrEqualTo(60);
            assertThat(liveness.getTimeoutSeconds()).isGreaterThanOrEqualTo(5);
            assertThat(container.getPorts())
                    .singleElement()
                    .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(8080));
            assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
            assertThat(pod.getHostPID()).isNotEqualTo(Boolean.TRUE);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void tokensAreMountedOnlyWhereTheApiServerIsCalled(String name, RenderedChart chart) {
        assertThat(chart.all(ServiceAccount.class))
                .hasSize(2)
                .allSatisfy(
                        sa -> assertThat(sa.getAutomountServiceAccountToken()).isFalse());
        assertThat(chart.all(Deployment.class))
                .hasSize(2)
                .allSatisfy(d -> assertThat(d.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken())
                        .isTrue());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void secretsReachContainersOnlyByReference(String name, RenderedChart chart) {
        for (Deployment deployment : chart.all(Deployment.class)) {
            List<EnvVar> env = deployment
                    .getSpec()
                    .getTemplate()
                    .getSpec()
                    .getContainers()
                    .get(0)
                    .getEnv();
            assertThat(env)
                    .filteredOn(e ->
                            SECRET_KEYS.contains(e.getName()) || e.getName().endsWith("_API_KEY"))
                    .isNotEmpty()
                    .allSatisfy(e -> {
                        assertThat(e.getValue()).as(e.getName()).isNull();
                        assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo(e.getName());
                    });
            assertThat(deployment
                            .getSpec()
                            .getTemplate()
                            .getSpec()
                            .getContainers()
                            .get(0)
                            .getEnvFrom())
                    .as("no whole Secret in the environment")
                    .isNullOrEmpty();
        }
        // the operator hands AI keys to codegen pods by secretKeyRef: it holds none itself
        assertThat(envNames(chart.one(Deployment.class, OPERATOR)))
                .noneMatch(n -> n.endsWith("_API_KEY"))
                .doesNotContain("REDIS_URL", "TELEGRAM_BOT_TOKEN", "WHATSAPP_ACCESS_TOKEN");
        assertThat(envNames(chart.one(Deployment.class, INGRESS))).noneMatch(n -> n.startsWith("CODEGEN_"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void noRuleGrantsWildcardsOrSecrets(String name, RenderedChart chart) {
        List<PolicyRule> rules = Stream.concat(
                        chart.all(Role.class).stream().flatMap(r -> r.getRules().stream()),
                        chart.all(ClusterRole.class).stream().flatMap(r -> r.getRules().stream()))
                .toList();
        assertThat(rules).isNotEmpty().allSatisfy(rule -> {
            assertThat(rule.getVerbs()).doesNotContain("*", "escalate", "bind", "impersonate");
            // fabric8 deletes a label-selected list with one deletecollection call: only for the operator's children
            if (rule.getVerbs().contains("deletecollection")) {
                assertThat(rule.getResources()).isSubsetOf("jobs", "pods");
            }
            assertThat(rule.getResources())
                    .doesNotContain("*", "secrets", "pods/exec", "pods/attach", "serviceaccounts/token");
            assertThat(rule.getApiGroups()).doesNotContain("*", "rbac.authorization.k8s.io");
            assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
        });
    }

    // what each ServiceAccount may do is asserted on a real API server: ChartOnApiServerTest

    @Test
    void leaderElectionMayRenewOnlyItsOwnLease() {
        Role role = RenderedChart.withDefaults().one(Role.class, OPERATOR + "-leader-election");

        assertThat(role.getRules()).allSatisfy(rule -> {
            assertThat(rule.getApiGroups()).containsExactly("coordination.k8s.io");
            assertThat(rule.getResources()).containsExactly("leases");
        });
        assertThat(role.getRules())
                .filteredOn(rule ->
                        rule.getVerbs().contains("get") || rule.getVerbs().contains("update"))
                .singleElement()
                .satisfies(rule -> assertThat(rule.getResourceNames()).containsExactly("manim-video-operator"));
        assertThat(RenderedChart.render(null, Map.of("operator.leaderElection", false))
                        .all(Role.class))
                .extracting(r -> r.getMetadata().getName())
                .doesNotContain(OPERATOR + "-leader-election");
    }

    @Test
    void ingressMayOnlyWorkWithVideoJobs() {
        Role role = RenderedChart.withDefaults().one(Role.class, INGRESS);

        assertThat(role.getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getApiGroups()).containsExactly("manimvideo.io");
            assertThat(rule.getResources()).containsExactly("videojobs");
            assertThat(rule.getVerbs()).containsExactlyInAnyOrder("create", "get", "list", "watch", "patch", "delete");
        });
    }

    @Test
    void operatorGetsARolePerWatchedNamespaceOrAClusterRole() {
        RenderedChart namespaced = RenderedChart.allOn();
        assertThat(namespaced.all(ClusterRole.class)).isEmpty();
        assertThat(namespaced.all(Role.class))
                .filteredOn(r -> r.getMetadata().getName().equals(OPERATOR))
                .extracting(r -> r.getMetadata().getNamespace())
                .containsExactlyInAnyOrder("manim", "videos-school");
        assertThat(namespaced.all(RoleBinding.class))
                .filteredOn(b -> b.getMetadata().getName().equals(OPERATOR))
                .allSatisfy(b -> assertThat(b.getSubjects()).singleElement().satisfies(s -> {
                    assertThat(s.getName()).isEqualTo(OPERATOR);
                    assertThat(s.getNamespace()).isEqualTo(RenderedChart.NAMESPACE);
                }))
                .hasSize(2);

        RenderedChart clusterWide =
                RenderedChart.render(RenderedChart.ALL_ON_VALUES, Map.of("operator.watchAllNamespaces", true));
        assertThat(clusterWide.one(ClusterRole.class, OPERATOR).getRules())
                .flatMap(PolicyRule::getResources)
                .doesNotContain("leases");
        assertThat(clusterWide.all(Role.class))
                .extracting(r -> r.getMetadata().getName())
                .containsExactlyInAnyOrder(OPERATOR + "-leader-election", INGRESS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void sandboxPodsAreUnreachableAndReachOnlyDnsStorageAndForCodegenTheProviders(String name, RenderedChart chart) {
        NetworkPolicy render = chart.one(NetworkPolicy.class, "mv-manim-video-render");
        NetworkPolicy codegen = chart.one(NetworkPolicy.class, "mv-manim-video-codegen");

        for (NetworkPolicy policy : List.of(render, codegen)) {
            String workload = policy == render ? "render" : "codegen";
            assertThat(policy.getSpec().getPodSelector().getMatchLabels())
                    .containsExactlyInAnyOrderEntriesOf(Map.of(
                            "app.kubernetes.io/managed-by",
                            "manim-video-operator",
                            "manimvideo.io/workload",
                            workload));
            assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
            assertThat(policy.getSpec().getIngress()).as("no ingress rule").isEmpty();
            assertThat(policy.getSpec().getEgress())
                    .as("every egress rule names its destinations and ports (an empty one allows everything)")
                    .allSatisfy(rule -> {
                        assertThat(rule.getTo()).isNotEmpty();
                        assertThat(rule.getPorts()).isNotEmpty();
                    });
            NetworkPolicyEgressRule dns = policy.getSpec().getEgress().get(0);
            assertThat(dns.getPorts()).extracting(p -> p.getPort().getIntVal()).containsOnly(53);
            assertThat(dns.getTo())
                    .singleElement()
                    .satisfies(peer -> assertThat(peer.getIpBlock()).isNull());
            assertThat(ipBlocks(policy))
                    .as("cluster-internal ranges and cloud metadata stay closed")
                    .allSatisfy(block -> assertThat(block.getExcept())
                            .contains("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16"));
        }
        assertThat(render.getSpec().getEgress()).as("DNS, storage").hasSize(2);
        assertThat(codegen.getSpec().getEgress())
                .as("DNS, storage, AI providers")
                .hasSize(3);
        assertThat(codegen.getSpec().getEgress().get(1))
                .isEqualTo(render.getSpec().getEgress().get(1));
    }

    @Test
    void inClusterPeersAndPortsComeFromValues() {
        RenderedChart chart = RenderedChart.allOn();
        NetworkPolicy render = chart.one(NetworkPolicy.class, "mv-manim-video-render", "videos-school");
        NetworkPolicyEgressRule storage = render.getSpec().getEgress().get(1);

        assertThat(storage.getPorts())
                .extracting(NetworkPolicyPort::getPort)
                .extracting(p -> p.getIntVal())
                .containsExactly(443, 9000);
        assertThat(storage.getTo())
                .extracting(NetworkPolicyPeer::getNamespaceSelector)
                .filteredOn(s -> s != null)
                .singleElement()
                .satisfies(s -> assertThat(s.getMatchLabels()).containsEntry("kubernetes.io/metadata.name", "minio"));
        assertThat(chart.all(NetworkPolicy.class)).hasSize(4);
    }

    @Test
    void egressWithoutAnyDestinationIsLeftOutNotOpen() {
        RenderedChart chart = RenderedChart.render(
                RenderedChart.valuesFile("networkPolicy: {aiProviders: {cidrs: [], ports: [443]}}"), Map.of());

        assertThat(chart.one(NetworkPolicy.class, "mv-manim-video-codegen")
                        .getSpec()
                        .getEgress())
                .as("DNS and storage only: no rule without destinations")
                .hasSize(2);
    }

    private static List<String> verbs(List<PolicyRule> rules, String apiGroup, String resource) {
        return rules.stream()
                .filter(r ->
                        r.getApiGroups().contains(apiGroup) && r.getResources().contains(resource))
                .flatMap(r -> r.getVerbs().stream())
                .toList();
    }

    private static List<IPBlock> ipBlocks(NetworkPolicy policy) {
        return policy.getSpec().getEgress().stream()
                .flatMap(rule -> rule.getTo().stream())
                .map(NetworkPolicyPeer::getIpBlock)
                .filter(b -> b != null)
                .toList();
    }

    static List<String> envNames(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .map(EnvVar::getName)
                .toList();
    }
}
