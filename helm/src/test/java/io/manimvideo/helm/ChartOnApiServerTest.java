package io.manimvideo.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.manimvideo.localinfra.controlplane.ControlPlane;
import io.manimvideo.localinfra.controlplane.ServiceAccountAccess;
import io.manimvideo.localinfra.controlplane.SharedControlPlane;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chart installed, upgraded and uninstalled with Helm (helm-java) on a real kube-apiserver with RBAC
 * enforced, and what its ServiceAccounts may do there, as the API server itself answers
 * ({@code SelfSubjectRulesReview} with each account's own token from the TokenRequest API).
 */
class ChartOnApiServerTest {
    private static ControlPlane plane;
    private static KubernetesClient admin;
    private static String namespace;
    private static String release;

    @BeforeAll
    static void install() {
        plane = SharedControlPlane.get();
        admin = plane.client();
        namespace = "manim-" + UUID.randomUUID().toString().substring(0, 8);
        release = "mv";
        Release installed = new Helm(RenderedChart.CHART_DIR)
                .install()
                .withName(release)
                .withNamespace(namespace)
                .createNamespace()
                .withKubeConfig(plane.kubeconfig())
                .set("storage.endpoint", "https://0123456789abcdef.r2.cloudflarestorage.com")
                .call();
        assertThat(installed.getStatus()).isEqualTo("deployed");
    }

    @AfterAll
    static void close() {
        admin.namespaces().withName(namespace).delete();
        admin.close();
    }

    @Test
    void installUpgradeAndUninstallOnARealApiServer() {
        assertThat(admin.apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .withName("videojobs.manimvideo.io")
                        .get())
                .as("the chart's CRD")
                .isNotNull();
        assertThat(admin.apps().deployments().inNamespace(namespace).list().getItems())
                .extracting(d -> d.getMetadata().getName())
                .hasSize(2);

        Release upgraded = new Helm(RenderedChart.CHART_DIR)
                .upgrade()
                .withName(release)
                .withNamespace(namespace)
                .withKubeConfig(plane.kubeconfig())
                .reuseValues()
                .set("render.maxConcurrent", 7)
                .call();
        assertThat(upgraded.getRevision()).isEqualTo("2");
        assertThat(admin.apps()
                        .deployments()
                        .inNamespace(namespace)
                        .withName(operatorDeployment())
                        .get()
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getEnv())
                .anySatisfy(e -> {
                    assertThat(e.getName()).isEqualTo("MAX_CONCURRENT_RENDERS");
                    assertThat(e.getValue()).isEqualTo("7");
                });
        // the accounts keep exactly their rights across the upgrade
        assertThat(rules("operator")).isEqualTo(OPERATOR_NEEDS);

        String uninstalled = Helm.uninstall(release)
                .withNamespace(namespace)
                .withKubeConfig(plane.kubeconfig())
                .call();
        assertThat(uninstalled).contains(release);
        assertThat(admin.apps().deployments().inNamespace(namespace).list().getItems())
                .isEmpty();
        assertThat(admin.rbac().roles().inNamespace(namespace).list().getItems())
                .isEmpty();
        // Helm never deletes CRDs: the VideoJobs (and their videos) outlive an uninstall
        assertThat(admin.apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .withName("videojobs.manimvideo.io")
                        .get())
                .isNotNull();
        new Helm(RenderedChart.CHART_DIR)
                .install()
                .withName(release)
                .withNamespace(namespace)
                .withKubeConfig(plane.kubeconfig())
                .set("storage.endpoint", "https://r2.example")
                .call();
    }

    /**
     * What the operator's code does with the API, one entry per right (group/resource verb [name]): JOSDK's
     * informers list and watch VideoJobs and Jobs; it applies and removes its finalizer (patch) and re-reads a
     * VideoJob on a conflict (get); finalizers/update lets the Jobs' owner references block deletion where
     * OwnerReferencesPermissionEnforcement is on; StatusWriter patches status; LifecyclePolicy deletes expired
     * records; ChildJobClient creates Jobs and asks for one the cache lacks (get); deletion removes Jobs and Pods
     * by label (deletecollection, delete); JobOutcomeReader lists Pods and an informer watches them; PhaseEventRecorder creates Events; leader
     * election creates its Lease and then reads and renews (patch) only that one; JOSDK checks for update before it
     * starts electing.
     */
    static final Set<String> OPERATOR_NEEDS = Set.of(
            "manimvideo.io/videojobs get",
            "manimvideo.io/videojobs list",
            "manimvideo.io/videojobs watch",
            "manimvideo.io/videojobs patch",
            "manimvideo.io/videojobs delete",
            "manimvideo.io/videojobs/status patch",
            "manimvideo.io/videojobs/finalizers update",
            "batch/jobs create",
            "batch/jobs get",
            "batch/jobs list",
            "batch/jobs watch",
            "batch/jobs delete",
            "batch/jobs deletecollection",
            "/pods list",
            "/pods watch",
            "/pods delete",
            "/pods deletecollection",
            "/events create",
            "events.k8s.io/events create",
            "coordination.k8s.io/leases create",
            "coordination.k8s.io/leases get [manim-video-operator]",
            "coordination.k8s.io/leases update [manim-video-operator]",
            "coordination.k8s.io/leases patch [manim-video-operator]");

    /** The ingress creates VideoJobs, follows them (informer), marks delivery (patch) and cancels (delete). */
    static final Set<String> INGRESS_NEEDS = Set.of(
            "manimvideo.io/videojobs create",
            "manimvideo.io/videojobs get",
            "manimvideo.io/videojobs list",
            "manimvideo.io/videojobs watch",
            "manimvideo.io/videojobs patch",
            "manimvideo.io/videojobs delete");

    @Test
    void eachServiceAccountMayDoExactlyWhatItsCodeNeeds() {
        assertThat(rules("operator")).isEqualTo(OPERATOR_NEEDS);
        assertThat(rules("ingress")).isEqualTo(INGRESS_NEEDS);
    }

    /**
     * {@code kubectl auth can-i --list} as the component's ServiceAccount, in the release namespace: its resource
     * rules flattened to "group/resource verb [name]", less what every account gets from the cluster's built-in
     * roles (the rules of the namespace's {@code default} account, which nothing binds).
     */
    private static Set<String> rules(String component) {
        String account = admin.serviceAccounts()
                .inNamespace(namespace)
                .withLabel("app.kubernetes.io/component", component)
                .list()
                .getItems()
                .get(0)
                .getMetadata()
                .getName();
        Set<String> rules = rulesOf(account);
        rules.removeAll(rulesOf("default"));
        return rules;
    }

    private static Set<String> rulesOf(String account) {
        String token = ServiceAccountAccess.token(admin, namespace, account, Duration.ofMinutes(10));
        try (KubernetesClient asAccount = new KubernetesClientBuilder()
                .withConfig(ServiceAccountAccess.config(plane, namespace, token))
                .build()) {
            SelfSubjectRulesReview review = asAccount
                    .authorization()
                    .v1()
                    .selfSubjectRulesReview()
                    .create(new SelfSubjectRulesReviewBuilder()
                            .withNewSpec()
                            .withNamespace(namespace)
                            .endSpec()
                            .build());
            Set<String> rules = new TreeSet<>();
            for (ResourceRule rule : review.getStatus().getResourceRules()) {
                for (String group : rule.getApiGroups()) {
                    for (String resource : rule.getResources()) {
                        for (String verb : rule.getVerbs()) {
                            if (rule.getResourceNames() == null
                                    || rule.getResourceNames().isEmpty()) {
                                rules.add(group + "/" + resource + " " + verb);
                            } else {
                                rule.getResourceNames()
                                        .forEach(n -> rules.add(group + "/" + resource + " " + verb + " [" + n + "]"));
                            }
                        }
                    }
                }
            }
            return rules;
        }
    }

    private static String operatorDeployment() {
        return admin.apps()
                .deployments()
                .inNamespace(namespace)
                .withLabel("app.kubernetes.io/component", "operator")
                .list()
                .getItems()
                .get(0)
                .getMetadata()
                .getName();
    }
}
