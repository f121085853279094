package io.manimvideo.localinfra.controlplane;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Acting as a ServiceAccount on the control plane, as a pod with a projected token does: the account and its
 * RBAC objects (for example the Helm chart's rendered Roles and RoleBindings) applied by the admin, a token from
 * the TokenRequest API, and a client configuration (or a child process's environment) that authenticates with it. Code run this way
 * has exactly the rights RBAC gives the account, so a missing or excessive permission shows in a test.
 */
public final class ServiceAccountAccess {
    private ServiceAccountAccess() {}

    /** Applies {@code objects} (server-side apply, as the admin), e.g. the chart's ServiceAccounts, Roles and bindings. */
    public static void apply(KubernetesClient admin, List<HasMetadata> objects) {
        for (HasMetadata object : objects) {
            admin.resource(object).forceConflicts().serverSideApply();
        }
    }

    /** A bearer token of {@code namespace/account} from the TokenRequest API, valid for {@code lifetime}. */
    public static String token(KubernetesClient admin, String namespace, String account, Duration lifetime) {
        return admin.serviceAccounts()
                .inNamespace(namespace)
                .withName(account)
                .tokenRequest(new TokenRequestBuilder()
                        .withNewSpec()
                        .withExpirationSeconds(lifetime.toSeconds())
                        .endSpec()
                        .build())
                .getStatus()
                .getToken();
    }

    /** Client configuration that authenticates with {@code token}, default namespace {@code namespace}. */
    public static Config config(ControlPlane plane, String namespace, String token) {
        return new ConfigBuilder(Config.empty())
                .withMasterUrl(plane.url())
                .withCaCertData(base64(plane.caCertificate()))
                .withOauthToken(token)
                .withNamespace(namespace)
                .withHttp2Disable(true) // as ControlPlane#config
                .build();
    }

    /**
     * Environment variables that make a fabric8 client in a child process (the operator's or ingress's JVM)
     * authenticate with {@code token}, and nothing else: no kubeconfig, no mounted account.
     */
    public static Map<String, String> environment(ControlPlane plane, String namespace, String token) {
        return Map.of(
                "KUBERNETES_MASTER",
                plane.url(),
                "KUBERNETES_CERTS_CA_DATA",
                base64(plane.caCertificate()),
                "KUBERNETES_AUTH_TOKEN",
                token,
                "KUBERNETES_NAMESPACE",
                namespace,
                "KUBERNETES_AUTH_TRYKUBECONFIG",
                "false",
                "KUBERNETES_AUTH_TRYSERVICEACCOUNT",
                "false");
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
