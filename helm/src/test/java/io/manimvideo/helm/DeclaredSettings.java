package io.manimvideo.helm;

import io.manimvideo.api.settings.Setting;
import io.manimvideo.api.settings.Settings;
import io.manimvideo.api.settings.SharedSettings;
import io.manimvideo.ingress.IngressSettings;
import io.manimvideo.operator.config.OperatorSettings;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The environment variables the services declare, grouped as the configuration reference shows them. */
enum DeclaredSettings {
  SHARED("Both services", SharedSettings.class),
  OPERATOR("Operator", OperatorSettings.class),
  INGRESS("Ingress", IngressSettings.class);

  final String title;
  final Class<?> holder;
  final List<Setting<?>> own;

  DeclaredSettings(String title, Class<?> holder) {
    this.title = title;
    this.holder = holder;
    this.own = Settings.declaredIn(holder);
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
