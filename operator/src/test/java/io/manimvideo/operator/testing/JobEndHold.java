package io.manimvideo.operator.testing;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBindingBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.manimvideo.localinfra.controlplane.ControlPlane;
import java.time.Duration;

/**
 * Holds the real Job controller back from ending the Jobs of one namespace: a ValidatingAdmissionPolicy of the API
 * server refuses every Job status update that would add the {@code Complete} or {@code Failed} condition, until
 * {@link #close()} (the Job controller then retries and ends the Job as it would have). So a test can look at what
 * the operator does between a pod's end and its Job's, however fast or slow the Job controller is.
 */
public final class JobEndHold implements AutoCloseable {
    static final String REFUSAL = "held by the test: the Job may not end yet";

    private final KubernetesClient admin;
    private final String name;

    private JobEndHold(KubernetesClient admin, String name) {
        this.admin = admin;
        this.name = name;
    }

    /** Holds the Jobs of {@code namespace}; returns once the API server enforces the hold. */
    public static JobEndHold of(ControlPlane plane, String namespace) {
        KubernetesClient admin = plane.client();
        String name = "hold-job-ends-" + namespace;
        ValidatingAdmissionPolicy policy = new ValidatingAdmissionPolicyBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withFailurePolicy("Fail")
                .withNewMatchConstraints()
                .addNewResourceRule()
                .withApiGroups("batch")
                .withApiVersions("v1")
                .withOperations("UPDATE")
                .withResources("jobs/status")
                .endResourceRule()
                // a ConfigMap create is refused too: the probe that tells when the policy is in force
                .addNewResourceRule()
                .withApiGroups("")
                .withApiVersions("v1")
                .withOperations("CREATE")
                .withResources("configmaps")
                .endResourceRule()
                .endMatchConstraints()
                .addNewValidation()
                .withExpression("request.resource.resource == 'configmaps' ? false : !(has(object.status.conditions)"
                        + " && object.status.conditions.exists(c, c.type in ['Complete', 'Failed']))")
                .withMessage(REFUSAL)
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
        JobEndHold hold = new JobEndHold(admin, name);
        await().atMost(Duration.ofSeconds(20)).until(() -> hold.enforcedIn(namespace));
        return hold;
    }

    private boolean enforcedIn(String namespace) {
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
            return e.getMessage() != null && e.getMessage().contains(REFUSAL);
        }
    }

    /** Lets the Job controller end the Jobs. */
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
