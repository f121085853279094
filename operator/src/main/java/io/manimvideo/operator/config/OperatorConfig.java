package io.manimvideo.operator.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Everything the operator can be told, read once from environment variables (the table in
 * docs/design-notes.md). Durations are ISO-8601 ({@code PT5M}).
 */
public record OperatorConfig(
    Set<String> watchNamespaces,
    String operatorNamespace,
    WorkloadConfig render,
    WorkloadConfig codegen,
    int jobTtlAfterFinishedSeconds,
    int maxConcurrentRenders,
    Lifetimes lifetimes,
    Duration progressPollInterval,
    Duration lifecycleCheckInterval,
    StorageConfig storage,
    Duration presignTtl,
    CodegenProviders providers,
    boolean leaderElection,
    boolean serverSideApply,
    int httpPort) {

  /** Watch every namespace. */
  public static final String ALL_NAMESPACES = "*";

  /** Image, resources and deadline of one kind of child Job. */
  public record WorkloadConfig(
      String image, String cpuRequest, String cpuLimit, String memoryRequest, String memoryLimit,
      int deadlineSeconds, Isolation isolation) {}

  /**
   * What a workload's pod asks of the cluster beyond the fixed lockdown. Profiles are {@code RuntimeDefault},
   * {@code Unconfined} or {@code Localhost/<path>}; null leaves a field unset. The render pod runs bubblewrap,
   * which needs user namespaces and mounts: its defaults are a pod user namespace ({@code hostUsers: false}),
   * an unmasked /proc for the sandbox's own, and profiles that let it create namespaces (the untrusted code
   * inside gets the sandbox's stricter seccomp filter); see README "Security model of the sandbox".
   */
  public record Isolation(String runtimeClassName, Boolean hostUsers, String procMount, String seccompProfile,
      String appArmorProfile) {}

  /** The seed's lifecycle table. */
  public record Lifetimes(
      Duration queued, Duration ready, Duration deliveryGrace, Duration deliveredRecord, Duration failedRecord,
      Duration expiredRecord) {}

  /** S3 / R2 endpoint and credentials; {@link #toString()} never prints the keys. */
  public record StorageConfig(String endpoint, String region, String bucket, String accessKey, String secretKey) {
    @Override
    public String toString() {
      return "StorageConfig[endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket + "]";
    }
  }

  /**
   * AI providers handed to codegen pods: their order, the non-secret settings ({@code CODEGEN_<NAME>_KIND},
   * {@code _BASE_URL}, {@code _MODEL}, {@code _TIMEOUT_SECONDS}, {@code CODEGEN_CLOUDFLARE_ACCOUNT_ID}) and
   * the Secret that holds each {@code CODEGEN_<NAME>_API_KEY}.
   */
  public record CodegenProviders(List<String> names, Map<String, String> settings, String secretName) {
    public String apiKeyVariable(String provider) {
      return "CODEGEN_" + provider.toUpperCase(Locale.ROOT) + "_API_KEY";
    }
  }

  public static OperatorConfig fromEnv() {
    return fromEnv(System.getenv());
  }

  public static OperatorConfig fromEnv(Map<String, String> env) {
    Function<String, String> get = name -> {
      String value = env.get(name);
      return value == null || value.isBlank() ? null : value.trim();
    };
    Env e = new Env(get);
    String ownNamespace = e.string("POD_NAMESPACE", "default");
    WorkloadConfig render = new WorkloadConfig(
        e.string("RENDER_IMAGE", "ghcr.io/manim-video/render:0.1.0"),
        e.string("RENDER_CPU_REQUEST", "500m"), e.string("RENDER_CPU_LIMIT", "2"),
        e.string("RENDER_MEMORY_REQUEST", "1Gi"), e.string("RENDER_MEMORY_LIMIT", "2Gi"),
        e.integer("RENDER_DEADLINE_SECONDS", 600),
        new Isolation(e.string("RENDER_RUNTIME_CLASS", null), e.bool("RENDER_HOST_USERS", false),
            e.string("RENDER_PROC_MOUNT", "Unmasked"), e.string("RENDER_SECCOMP_PROFILE", "Unconfined"),
            e.string("RENDER_APPARMOR_PROFILE", "Unconfined")));
    WorkloadConfig codegen = new WorkloadConfig(
        e.string("CODEGEN_IMAGE", "ghcr.io/manim-video/codegen:0.1.0"),
        e.string("CODEGEN_CPU_REQUEST", "100m"), e.string("CODEGEN_CPU_LIMIT", "500m"),
        e.string("CODEGEN_MEMORY_REQUEST", "256Mi"), e.string("CODEGEN_MEMORY_LIMIT", "512Mi"),
        e.integer("CODEGEN_DEADLINE_SECONDS", 180),
        new Isolation(e.string("CODEGEN_RUNTIME_CLASS", null), null, null, "RuntimeDefault", null));
    Lifetimes lifetimes = new Lifetimes(
        e.duration("QUEUED_TTL", Duration.ofHours(1)),
        e.duration("READY_TTL", Duration.ofHours(24)),
        e.duration("DELIVERY_GRACE", Duration.ofMinutes(5)),
        e.duration("DELIVERED_RECORD_TTL", Duration.ofDays(7)),
        e.duration("FAILED_RECORD_TTL", Duration.ofHours(24)),
        e.duration("EXPIRED_RECORD_TTL", Duration.ofHours(24)));
    StorageConfig storage = new StorageConfig(
        e.string("STORAGE_ENDPOINT", null), e.string("STORAGE_REGION", "auto"),
        e.string("STORAGE_BUCKET", "manim-videos"),
        e.string("STORAGE_ACCESS_KEY", null), e.string("STORAGE_SECRET_KEY", null));
    int longestDeadline = Math.max(render.deadlineSeconds(), codegen.deadlineSeconds());
    Duration presignTtl = e.duration("PRESIGN_TTL", Duration.ofSeconds(longestDeadline).plusMinutes(15));
    return new OperatorConfig(
        namespaces(e.string("WATCH_NAMESPACES", ownNamespace)),
        ownNamespace,
        render,
        codegen,
        e.integer("JOB_TTL_AFTER_FINISHED_SECONDS", 600),
        e.integer("MAX_CONCURRENT_RENDERS", 4),
        lifetimes,
        e.duration("PROGRESS_POLL_INTERVAL", Duration.ofSeconds(2)),
        e.duration("LIFECYCLE_CHECK_INTERVAL", Duration.ofMinutes(1)),
        storage,
        presignTtl,
        providers(env, e),
        e.bool("LEADER_ELECTION", true),
        e.bool("SERVER_SIDE_APPLY", true),
        e.integer("HTTP_PORT", 8080));
  }

  public boolean watchesAllNamespaces() {
    return watchNamespaces.contains(ALL_NAMESPACES);
  }

  private static Set<String> namespaces(String value) {
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }

  private static CodegenProviders providers(Map<String, String> env, Env e) {
    List<String> names = Arrays.stream(e.string("CODEGEN_PROVIDERS", "").split(","))
        .map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).toList();
    Map<String, String> settings = new LinkedHashMap<>();
    for (String name : names) {
      String prefix = "CODEGEN_" + name.toUpperCase(Locale.ROOT) + "_";
      for (String suffix : List.of("KIND", "BASE_URL", "MODEL", "TIMEOUT_SECONDS")) {
        String value = e.string(prefix + suffix, null);
        if (value != null) {
          settings.put(prefix + suffix, value);
        }
      }
    }
    String accountId = e.string("CODEGEN_CLOUDFLARE_ACCOUNT_ID", null);
    if (accountId != null) {
      settings.put("CODEGEN_CLOUDFLARE_ACCOUNT_ID", accountId);
    }
    return new CodegenProviders(names, Map.copyOf(settings), e.string("CODEGEN_SECRET_NAME", "manim-video-ai"));
  }

  /** Typed reads with defaults and errors that name the variable. */
  private record Env(Function<String, String> get) {
    String string(String name, String fallback) {
      String value = get.apply(name);
      return value == null ? fallback : value;
    }

    int integer(String name, int fallback) {
      String value = get.apply(name);
      try {
        return value == null ? fallback : Integer.parseInt(value);
      } catch (NumberFormatException ex) {
        throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
      }
    }

    boolean bool(String name, boolean fallback) {
      String value = get.apply(name);
      if (value == null) {
        return fallback;
      }
      if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
        throw new IllegalArgumentException(name + " must be true or false, got '" + value + "'");
      }
      return Boolean.parseBoolean(value);
    }

    Duration duration(String name, Duration fallback) {
      String value = get.apply(name);
      try {
        return value == null ? fallback : Duration.parse(value);
      } catch (DateTimeParseException ex) {
        throw new IllegalArgumentException(name + " must be an ISO-8601 duration such as PT5M, got '" + value + "'");
      }
    }
  }
}
