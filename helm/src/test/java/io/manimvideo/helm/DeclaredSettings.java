package io.manimvideo.helm;

import io.manimvideo.api.settings.Setting;
import io.manimvideo.api.settings.Settings;
import io.manimvideo.api.settings.SharedSettings;
import io.manimvideo.api.workload.CodegenEnv;
import io.manimvideo.ingress.IngressSettings;
import io.manimvideo.operator.config.OperatorSettings;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The environment variables the services declare, grouped as the configuration reference shows them. */
enum DeclaredSettings {
    SHARED("Both services", SharedSettings.class, ""),
    OPERATOR("Operator", OperatorSettings.class, ""),
    INGRESS("Ingress", IngressSettings.class, ""),
    /** Not for admins: listed so the pod's contract is read in one place; the provider settings are above. */
    CODEGEN_POD("Codegen pod environment, set by the operator", CodegenEnv.class, """
      The operator writes these into each codegen Job; nobody sets them by hand. It also passes on, unchanged,
      `CODEGEN_PROVIDERS` and each provider's `CODEGEN_<NAME>_*` settings from its own configuration (above),
      which the pod reads with the types shown there. A value that does not parse fails the run as
      `internal_error`, naming the variable (never a URL's or a key's value).
      """);

    final String title;
    final Class<?> holder;
    /** Said before the table, or empty. */
    final String note;

    final List<Setting<?>> own;

    DeclaredSettings(String title, Class<?> holder, String note) {
        this.title = title;
        this.holder = holder;
        this.note = note;
        this.own = Settings.declaredIn(holder).stream()
                .filter(setting -> holder != CodegenEnv.class
                        || !CodegenEnv.passedOnByTheOperator().contains(setting))
                .toList();
    }

    /** What one service reads: its own settings and the shared ones. */
    List<Setting<?>> readByService() {
        return Stream.concat(SHARED.own.stream(), own.stream()).toList();
    }

    /** The declared setting this variable is (a family member such as CODEGEN_GROQ_MODEL included). */
    Optional<Setting<?>> find(String variable) {
        return readByService().stream().filter(s -> s.matches(variable)).findFirst();
    }
}
