package io.manimvideo.operator.config;

import static io.manimvideo.api.settings.SharedSettings.HTTP_PORT;
import static io.manimvideo.api.settings.SharedSettings.POD_NAMESPACE;
import static io.manimvideo.api.settings.SharedSettings.STORAGE_ACCESS_KEY;
import static io.manimvideo.api.settings.SharedSettings.STORAGE_BUCKET;
import static io.manimvideo.api.settings.SharedSettings.STORAGE_ENDPOINT;
import static io.manimvideo.api.settings.SharedSettings.STORAGE_REGION;
import static io.manimvideo.api.settings.SharedSettings.STORAGE_SECRET_KEY;
import static io.manimvideo.operator.config.OperatorSettings.API_REPAIRS;
import static io.manimvideo.operator.config.OperatorSettings.CODEGEN;
import static io.manimvideo.operator.config.OperatorSettings.CODEGEN_SECRET_NAME;
import static io.manimvideo.operator.config.OperatorSettings.DELIVERED_RECORD_TTL;
import static io.manimvideo.operator.config.OperatorSettings.DELIVERY_GRACE;
import static io.manimvideo.operator.config.OperatorSettings.EXPIRED_RECORD_TTL;
import static io.manimvideo.operator.config.OperatorSettings.FAILED_RECORD_TTL;
import static io.manimvideo.operator.config.OperatorSettings.JOB_TTL_AFTER_FINISHED_SECONDS;
import static io.manimvideo.operator.config.OperatorSettings.LEADER_ELECTION;
import static io.manimvideo.operator.config.OperatorSettings.LIFECYCLE_CHECK_INTERVAL;
import static io.manimvideo.operator.config.OperatorSettings.MAX_CONCURRENT_RENDERS;
import static io.manimvideo.operator.config.OperatorSettings.PRESIGN_TTL;
import static io.manimvideo.operator.config.OperatorSettings.PROGRESS_POLL_INTERVAL;
import static io.manimvideo.operator.config.OperatorSettings.QUEUED_TTL;
import static io.manimvideo.operator.config.OperatorSettings.READY_TTL;
import static io.manimvideo.operator.config.OperatorSettings.RENDER;
import static io.manimvideo.operator.config.OperatorSettings.RENDER_APPARMOR_PROFILE;
import static io.manimvideo.operator.config.OperatorSettings.RENDER_HOST_USERS;
import static io.manimvideo.operator.config.OperatorSettings.RENDER_MAX_PARTS;
import static io.manimvideo.operator.config.OperatorSettings.RENDER_PARTS_MIN_SECONDS;
import static io.manimvideo.operator.config.OperatorSettings.RENDER_PART_RETRIES;
import static io.manimvideo.operator.config.OperatorSettings.RENDER_PROC_MOUNT;
import static io.manimvideo.operator.config.OperatorSettings.RENDER_SECCOMP_PROFILE;
import static io.manimvideo.operator.config.OperatorSettings.WATCH_NAMESPACES;

import io.manimvideo.api.settings.Environment;
import io.manimvideo.api.settings.Setting;
import io.manimvideo.api.workload.CodegenEnv;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Everything the operator can be told, read once from environment variables declared in {@link
 * OperatorSettings} and {@link io.manimvideo.api.settings.SharedSettings} (reference: docs/configuration.md).
 */
public record OperatorConfig(
        Set<String> watchNamespaces,
        String operatorNamespace,
        WorkloadConfig render,
        WorkloadConfig codegen,
        int jobTtlAfterFinishedSeconds,
        int maxConcurrentRenders,
        RenderParts parts,
        Lifetimes lifetimes,
        Duration progressPollInterval,
        Duration lifecycleCheckInterval,
        StorageConfig storage,
        Duration presignTtl,
        CodegenProviders providers,
        boolean apiRepairs,
        boolean leaderElection,
        int httpPort) {

    /** Watch every namespace. */
    public static final String ALL_NAMESPACES = "*";

    /** Image, resources and deadline of one kind of child Job. */
    public record WorkloadConfig(
            String image,
            String cpuRequest,
            String cpuLimit,
            String memoryRequest,
            String memoryLimit,
            int deadlineSeconds,
            Isolation isolation) {}

    /**
     * What a workload's pod asks of the cluster beyond the fixed lockdown. Profiles are {@code RuntimeDefault},
     * {@code Unconfined} or {@code Localhost/<path>}; null leaves a field unset. The render pod runs bubblewrap,
     * which needs user namespaces and mounts: its defaults are a pod user namespace ({@code hostUsers: false}),
     * an unmasked /proc for the sandbox's own, and profiles that let it create namespaces (the untrusted code
     * inside gets the sandbox's stricter seccomp filter); see README "Security model of the sandbox".
     */
    public record Isolation(
            String runtimeClassName,
            Boolean hostUsers,
            String procMount,
            String seccompProfile,
            String appArmorProfile) {}

    /**
     * A long scene rendered in parts: at most {@code maxParts} pods of one Indexed Job, only for scenes the plan
     * estimates at {@code minSeconds} or more; {@code retriesPerIndex} is the Job's {@code backoffLimitPerIndex}.
     */
    public record RenderParts(int maxParts, int minSeconds, int retriesPerIndex) {
        /** Whether a render may be split at all. */
        public boolean enabled() {
            return maxParts > 1;
        }
    }

    /** The data model's lifecycle table. */
    public record Lifetimes(
            Duration queued,
            Duration ready,
            Duration deliveryGrace,
            Duration deliveredRecord,
            Duration failedRecord,
            Duration expiredRecord) {}

    /** S3 / R2 endpoint and credentials; {@link #toString()} never prints the keys. */
    public record StorageConfig(String endpoint, String region, String bucket, String accessKey, String secretKey) {
        @Override
        public String toString() {
            return "StorageConfig[endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket + "]";
        }
    }

    /**
     * AI providers handed to codegen pods: their order (lower-case names), the settings passed on unchanged
     * ({@link CodegenEnv#passedOnByTheOperator()}, by variable) and the Secret that holds each provider's key
     * ({@link CodegenEnv#PROVIDER_API_KEY}).
     */
    public record CodegenProviders(List<String> names, Map<String, String> settings, String secretName) {}

    public static OperatorConfig fromEnv() {
        return fromEnv(System.getenv());
    }

    public static OperatorConfig fromEnv(Map<String, String> env) {
        Environment e = new Environment(env);
        String ownNamespace = e.get(POD_NAMESPACE);
        WorkloadConfig render = RENDER.read(
                e,
                runtimeClass -> new Isolation(
                        runtimeClass,
                        e.get(RENDER_HOST_USERS),
                        e.get(RENDER_PROC_MOUNT),
                        e.get(RENDER_SECCOMP_PROFILE),
                        e.get(RENDER_APPARMOR_PROFILE)));
        WorkloadConfig codegen =
                CODEGEN.read(e, runtimeClass -> new Isolation(runtimeClass, null, null, "RuntimeDefault", null));
        Lifetimes lifetimes = new Lifetimes(
                e.get(QUEUED_TTL),
                e.get(READY_TTL),
                e.get(DELIVERY_GRACE),
                e.get(DELIVERED_RECORD_TTL),
                e.get(FAILED_RECORD_TTL),
                e.get(EXPIRED_RECORD_TTL));
        StorageConfig storage = new StorageConfig(
                e.optional(STORAGE_ENDPOINT).orElse(null),
                e.get(STORAGE_REGION),
                e.get(STORAGE_BUCKET),
                e.optional(STORAGE_ACCESS_KEY).orElse(null),
                e.optional(STORAGE_SECRET_KEY).orElse(null));
        int longestDeadline = Math.max(render.deadlineSeconds(), codegen.deadlineSeconds());
        Duration presignTtl = e.optional(PRESIGN_TTL)
                .orElse(Duration.ofSeconds(longestDeadline).plusMinutes(15));
        return new OperatorConfig(
                namespaces(e.optional(WATCH_NAMESPACES).orElse(ownNamespace)),
                ownNamespace,
                render,
                codegen,
                e.get(JOB_TTL_AFTER_FINISHED_SECONDS),
                e.get(MAX_CONCURRENT_RENDERS),
                new RenderParts(e.get(RENDER_MAX_PARTS), e.get(RENDER_PARTS_MIN_SECONDS), e.get(RENDER_PART_RETRIES)),
                lifetimes,
                e.get(PROGRESS_POLL_INTERVAL),
                e.get(LIFECYCLE_CHECK_INTERVAL),
                storage,
                presignTtl,
                providers(e),
                e.get(API_REPAIRS),
                e.get(LEADER_ELECTION),
                e.get(HTTP_PORT));
    }

    public boolean watchesAllNamespaces() {
        return watchNamespaces.contains(ALL_NAMESPACES);
    }

    private static Set<String> namespaces(String value) {
        return Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    private static CodegenProviders providers(Environment e) {
        List<String> names = e.optional(CodegenEnv.PROVIDERS).orElse(List.of()).stream()
                .map(name -> name.toLowerCase(Locale.ROOT))
                .toList();
        Map<String, String> settings = new LinkedHashMap<>();
        for (Setting<?> passed : CodegenEnv.passedOnByTheOperator()) {
            if (passed == CodegenEnv.PROVIDERS) {
                continue; // written from the names
            }
            List<Setting<?>> members = passed.isFamily()
                    ? names.stream()
                            .<Setting<?>>map(name -> CodegenEnv.forProvider(passed, name))
                            .toList()
                    : List.of(passed);
            members.forEach(member -> e.text(member).ifPresent(value -> settings.put(member.name(), value)));
        }
        return new CodegenProviders(names, Map.copyOf(settings), e.get(CODEGEN_SECRET_NAME));
    }
}
