package io.manimvideo.operator.config;

import io.manimvideo.api.settings.Environment;
import io.manimvideo.api.settings.Setting;
import io.manimvideo.api.settings.SettingGroup;
import io.manimvideo.api.settings.SettingType;
import io.manimvideo.operator.config.OperatorConfig.Isolation;
import io.manimvideo.operator.config.OperatorConfig.WorkloadConfig;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** The settings of one kind of child Job ({@code <KIND>_IMAGE}, {@code <KIND>_CPU_REQUEST}, …). */
public record WorkloadSettings(
        Setting<String> image,
        Setting<String> cpuRequest,
        Setting<String> cpuLimit,
        Setting<String> memoryRequest,
        Setting<String> memoryLimit,
        Setting<Integer> deadlineSeconds,
        Setting<String> runtimeClass)
        implements SettingGroup {

    static WorkloadSettings of(
            String kind,
            String image,
            String cpuRequest,
            String cpuLimit,
            String memoryRequest,
            String memoryLimit,
            int deadlineSeconds) {
        String prefix = kind.toUpperCase(Locale.ROOT) + "_";
        String pods = kind + " pods";
        return new WorkloadSettings(
                Setting.text(prefix + "IMAGE", image, "image of " + pods),
                Setting.text(prefix + "CPU_REQUEST", cpuRequest, "CPU request of " + pods),
                Setting.text(prefix + "CPU_LIMIT", cpuLimit, "CPU limit of " + pods),
                Setting.text(prefix + "MEMORY_REQUEST", memoryRequest, "memory request of " + pods),
                Setting.text(prefix + "MEMORY_LIMIT", memoryLimit, "memory limit of " + pods),
                Setting.integer(
                        prefix + "DEADLINE_SECONDS", deadlineSeconds, "`activeDeadlineSeconds` of " + kind + " Jobs"),
                Setting.optional(
                        prefix + "RUNTIME_CLASS",
                        SettingType.TEXT,
                        "none",
                        "`runtimeClassName` of " + pods + " (gVisor, Kata)"));
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(image, cpuRequest, cpuLimit, memoryRequest, memoryLimit, deadlineSeconds, runtimeClass);
    }

    /** The workload as configured; {@code isolation} is given the runtime class. */
    WorkloadConfig read(Environment e, Function<String, Isolation> isolation) {
        return new WorkloadConfig(
                e.get(image),
                e.get(cpuRequest),
                e.get(cpuLimit),
                e.get(memoryRequest),
                e.get(memoryLimit),
                e.get(deadlineSeconds),
                isolation.apply(e.optional(runtimeClass).orElse(null)));
    }
}
