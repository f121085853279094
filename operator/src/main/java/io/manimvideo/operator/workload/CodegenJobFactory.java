package io.manimvideo.operator.workload;

import static io.manimvideo.operator.workload.SandboxJobBuilder.env;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.manimvideo.api.Accessibility;
import io.manimvideo.api.VideoJob;
import io.manimvideo.api.workload.CodegenEntrypoint;
import io.manimvideo.operator.config.OperatorConfig;
import io.manimvideo.operator.storage.ArtifactStore;
import io.manimvideo.operator.storage.StorageLayout;
import io.manimvideo.operator.workload.Workload.ChildJob;
import java.util.ArrayList;
import java.util.List;

/** The codegen Job of one attempt: the codegen pod's contract in docs/design-notes.md. */
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
        env("CODEGEN_PROBLEM_TEXT", spec.getProblemText()),
        env("CODEGEN_LANGUAGE", spec.getLanguage()),
        env("CODEGEN_ATTEMPT", attempt),
        env("CODEGEN_CODE_PUT_URL", store.presignPut(layout.code(attempt), ttl)),
        env("CODEGEN_LOG_PUT_URL", store.presignPut(layout.log(child.name()), ttl)),
        env("CODEGEN_MAX_DURATION_SECONDS", spec.getOptions().getMaxDurationSeconds()),
        env("CODEGEN_ACCESSIBILITY", accessibility(spec.getAccessibility())),
        env("CODEGEN_RESULT_PATH", "/dev/termination-log")));
    if (repair != null) {
      env.add(env("CODEGEN_PREVIOUS_CODE_URL", store.presignGet(repair.previousCodeKey(), ttl)));
      env.add(env("CODEGEN_PREVIOUS_ERROR", repair.previousError()));
    }
    var providers = config.providers();
    if (!providers.names().isEmpty()) {
      env.add(env("CODEGEN_PROVIDERS", String.join(",", providers.names())));
      providers.settings().forEach((name, value) -> env.add(env(name, value)));
      for (String provider : providers.names()) {
        String variable = providers.apiKeyVariable(provider);
        // Keys reach the pod only through the Secret; optional so a keyless provider (Ollama) still starts.
        env.add(new EnvVarBuilder().withName(variable).withNewValueFrom().withNewSecretKeyRef()
            .withName(providers.secretName()).withKey(variable).withOptional(true)
            .endSecretKeyRef().endValueFrom().build());
      }
    }
    return sandbox.build(vj, child, config.codegen(), CodegenEntrypoint.COMMAND, env);
  }

  private static String accessibility(Accessibility a) {
    if (a == null) {
      return "";
    }
    List<String> wishes = new ArrayList<>();
    if (a.isAudioDescription()) {
      wishes.add("audio_description");
    }
    if (a.isHighContrast()) {
      wishes.add("high_contrast");
    }
    if (a.isLargeText()) {
      wishes.add("large_text");
    }
    return String.join(",", wishes);
  }
}
