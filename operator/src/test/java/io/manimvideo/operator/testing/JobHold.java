package io.manimvideo.operator.testing;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.NamedRuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.NamedRuleWithOperationsBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBindingBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.manimvideo.localinfra.controlplane.ControlPlane;
import java.time.Duration;

/**
 * Holds back one kind of change to the Jobs of one namespace: a ValidatingAdmissionPolicy of the API server refuses
 * it until {@link #close()} (whoever made the change then retries it, as after any refusal). So a test can look at
 * what the operator does in between, however fast or slow the Job controller or the operator is.
 */
public final class JobHold implements AutoCloseable {
    static final String REFUSAL = "held by the test";

    private final KubernetesClient admin;
    private final String name;

    private JobHold(KubernetesClient admin, String name) {
        this.admin = admin;
        this.name = name;
    }

    /**
     * The real Job controller may not end any Job: every Job status update that would add the {@code Complete} or
     * {@code Failed} condition is refused (the Job controller ends the Job once the hold is closed).
     */
    public static JobHold ends(ControlPlane plane, String namespace) {
        return of(
                plane,
                namespace,
                "hold-job-ends-" + namespace,
                rule("batch", "UPDATE", "jobs/status"),
                "!(has(object.status.conditions) && object.status.conditions.exists(c, c.type in ['Complete',"
                        + " 'Failed']))");
    }

    /** No Job whose name starts with {@code prefix} may be created (its creator is refused and tries again). */
    public static JobHold creation(ControlPlane plane, String namespace, String prefix) {
        return of(
                plane,
                namespace,
                "hold-" + prefix + "creation-" + namespace,
                rule("batch", "CREATE", "jobs"),
                "!object.metadata.name.startsWith('" + prefix + "')");
    }

    /** Holds what {@code rule} matches and {@code allowed} refuses; returns once the API server enforces it. */
    private static JobHold of(
            ControlPlane plane, String namespace, String name, NamedRuleWithOperations rule, String allowed) {
        KubernetesClient admin = plane.client();
        String refusal = REFUSAL + " (" + name + ")";
        ValidatingAdmissionPolicy policy = new ValidatingAdmissionPolicyBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withFailurePolicy("Fail")
                .withNewMatchConstraints()
                .addToResourceRules(rule)
                // a ConfigMap create is refused too: the probe that tells when the policy is in force
                .addToResourceRules(rule("", "CREATE", "configmaps"))
                .endMatchConstraints()
                .addNewValidation()
                .withExpression("request.resource.resource == 'configmaps' ? false : " + allowed)
                .withMessage(refusal)
                .endValidation()
                .endSpec()
                .build();
        ValidatingAdmissionPolicyBinding binding = new ValidatingAdmissionPolicyBindingBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withPolicyName(name)
                .withValidationActions("Deny")
                .withNewMatchResources()
                .withNewNamespaceSelector()
                .addToMatchLabels("kubernetes.io/metadata.name", namespace)
                .endNamespaceSelector()
                .endMatchResources()
                .endSpec()
                .build();
        admin.resource(policy).create();
        admin.resource(binding).create();
        JobHold hold = new JobHold(admin, name);
        await().atMost(Duration.ofSeconds(20)).until(() -> hold.enforcedIn(namespace, refusal));
        return hold;
    }

    private static NamedRuleWithOperations rule(String group, String operation, String resource) {
        return new NamedRuleWithOperationsBuilder()
                .withApiGroups(group)
                .withApiVersions("v1")
                .withOperations(operation)
                .withResources(resource)
                .build();
    }

    private boolean enforcedIn(String namespace, String refusal) {
        try {
            admin.configMaps()
                    .inNamespace(namespace)
                    .resource(new ConfigMapBuilder()
                            .withNewMetadata()
                            .withName("hold-probe")
                            .endMetadata()
                            .build())
                    .dryRun()
                    .create();
            return false;
        } catch (KubernetesClientException e) {
            return e.getMessage() != null && e.getMessage().contains(refusal);
        }
    }

    /** Lets the held change through. */
    @Override
    public void close() {
        admin.admissionRegistration()
                .v1()
                .validatingAdmissionPolicyBindings()
                .withName(name)
                .delete();
        admin.admissionRegistration()
                .v1()
                .validatingAdmissionPolicies()
                .withName(name)
                .delete();
        admin.close();
    }
}
