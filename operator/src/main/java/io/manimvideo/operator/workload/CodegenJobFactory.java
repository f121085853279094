package io.manimvideo.operator.workload;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.manimvideo.api.AccessibilityNeed;
import io.manimvideo.api.VideoJob;
import io.manimvideo.api.settings.Setting;
import io.manimvideo.api.workload.CodegenEntrypoint;
import io.manimvideo.api.workload.CodegenEnv;
import io.manimvideo.operator.config.OperatorConfig;
import io.manimvideo.operator.storage.ArtifactStore;
import io.manimvideo.operator.storage.StorageLayout;
import io.manimvideo.operator.workload.Workload.ChildJob;
import java.util.ArrayList;
import java.util.List;

/**
 * The codegen Job of one attempt: its environment is declared by {@link CodegenEnv}; the pod's contract is in
 * docs/design-notes.md.
 */
public class CodegenJobFactory {
    private final OperatorConfig config;
    private final ArtifactStore store;
    private final SandboxJobBuilder sandbox;

    public CodegenJobFactory(OperatorConfig config, ArtifactStore store, SandboxJobBuilder sandbox) {
        this.config = config;
        this.store = store;
        this.sandbox = sandbox;
    }

    /** What a repair attempt is told about the attempt before it. */
    public record Repair(String previousCodeKey, String previousError) {}

    public Job create(VideoJob vj, int attempt, Repair repair) {
        ChildJob child = Workload.CODEGEN.child(vj.getMetadata().getName(), attempt);
        StorageLayout layout = new StorageLayout(vj.getStatus().getStoragePrefix());
        var ttl = config.presignTtl();
        var spec = vj.getSpec();
        List<EnvVar> env = new ArrayList<>(List.of(
                env(CodegenEnv.PROBLEM_TEXT, spec.getProblemText()),
                env(CodegenEnv.LANGUAGE, spec.getLanguage()),
                env(CodegenEnv.ATTEMPT, attempt),
                env(CodegenEnv.CODE_PUT_URL, store.presignPut(layout.code(attempt), ttl)),
                env(CodegenEnv.LOG_PUT_URL, store.presignPut(layout.log(child.name()), ttl)),
                env(CodegenEnv.MAX_DURATION_SECONDS, spec.getOptions().getMaxDurationSeconds()),
                env(
                        CodegenEnv.ACCESSIBILITY,
                        AccessibilityNeed.wireList(AccessibilityNeed.of(spec.getAccessibility()))),
                env(CodegenEnv.RESULT_PATH, CodegenEnv.RESULT_PATH.defaultValue())));
        if (repair != null) {
            env.add(env(CodegenEnv.PREVIOUS_CODE_URL, store.presignGet(repair.previousCodeKey(), ttl)));
            env.add(env(CodegenEnv.PREVIOUS_ERROR, repair.previousError()));
        }
        var providers = config.providers();
        if (!providers.names().isEmpty()) {
            env.add(env(CodegenEnv.PROVIDERS, String.join(",", providers.names())));
            providers.settings().forEach((name, value) -> env.add(SandboxJobBuilder.env(name, value)));
            for (String provider : providers.names()) {
                String variable = CodegenEnv.forProvider(CodegenEnv.PROVIDER_API_KEY, provider)
                        .name();
                // Keys reach the pod only through the Secret; optional so a keyless provider (Ollama) still starts.
                env.add(new EnvVarBuilder()
                        .withName(variable)
                        .withNewValueFrom()
                        .withNewSecretKeyRef()
                        .withName(providers.secretName())
                        .withKey(variable)
                        .withOptional(true)
                        .endSecretKeyRef()
                        .endValueFrom()
                        .build());
            }
        }
        env.addAll(SandboxJobBuilder.apiRepairsSwitch(config.apiRepairs()));
        return sandbox.build(vj, child, config.codegen(), CodegenEntrypoint.COMMAND, env);
    }

    /** One of the pod's variables, by its declaration ({@link CodegenEnv}). */
    private static EnvVar env(Setting<?> variable, Object value) {
        return SandboxJobBuilder.env(variable.name(), value);
    }
}
