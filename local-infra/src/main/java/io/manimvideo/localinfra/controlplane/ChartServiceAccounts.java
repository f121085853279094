package io.manimvideo.localinfra.controlplane;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.manimvideo.localinfra.ShutdownSignals;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Helm chart's identities on the control plane: its ServiceAccounts, Roles, RoleBindings (and cluster-wide
 * ones when the values ask for them), rendered by Helm itself (helm-java) for one namespace and applied, and a
 * token from the TokenRequest API for each component. A service started with {@link #environment(String)}
 * authenticates as the chart's account for that component, so a permission the code needs and the chart lacks
 * (or one the chart grants and nothing uses) shows up wherever it runs: the local stack, the end-to-end tests,
 * the operator benchmark.
 */
public final class ChartServiceAccounts {
    public static final String OPERATOR = "operator";
    public static final String INGRESS = "ingress";
    private static final String RELEASE = "local";
    private static final Set<String> RBAC_KINDS =
            Set.of("ServiceAccount", "Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding");

    private final ControlPlane plane;
    private final KubernetesClient admin;
    private final String namespace;
    private final List<HasMetadata> objects;

    private ChartServiceAccounts(
            ControlPlane plane, KubernetesClient admin, String namespace, List<HasMetadata> objects) {
        this.plane = plane;
        this.admin = admin;
        this.namespace = namespace;
        this.objects = objects;
    }

    /**
     * Renders the chart at {@code chartDir} for {@code namespace} (release {@value #RELEASE}, its defaults: the
     * operator watches its own namespace, leader election on) and applies its RBAC objects as the admin.
     */
    public static ChartServiceAccounts apply(
            ControlPlane plane, KubernetesClient admin, Path chartDir, String namespace) {
        String yaml = new Helm(chartDir)
                .template()
                .withName(RELEASE)
                .withNamespace(namespace)
                .set("storage.endpoint", "http://127.0.0.1")
                .call();
        ShutdownSignals.restore(); // Helm's Go runtime has just taken SIGINT and SIGTERM from the JVM
        List<HasMetadata> rbac =
                admin.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items().stream()
                        .filter(o -> RBAC_KINDS.contains(o.getKind()))
                        .toList();
        ServiceAccountAccess.apply(admin, rbac);
        return new ChartServiceAccounts(plane, admin, namespace, rbac);
    }

    /** The name of the chart's ServiceAccount for {@code component} ({@link #OPERATOR}, {@link #INGRESS}). */
    public String account(String component) {
        return objects.stream()
                .filter(o -> o.getKind().equals("ServiceAccount"))
                .filter(o -> component.equals(o.getMetadata().getLabels().get("app.kubernetes.io/component")))
                .map(o -> o.getMetadata().getName())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the chart renders no ServiceAccount for " + component));
    }

    /**
     * Environment variables for a child JVM that make its fabric8 client act as {@code component}'s account, with
     * a token valid for a day (a local run outliving it is restarted).
     */
    public Map<String, String> environment(String component) {
        String token = ServiceAccountAccess.token(admin, namespace, account(component), Duration.ofDays(1));
        return ServiceAccountAccess.environment(plane, namespace, token);
    }
}
