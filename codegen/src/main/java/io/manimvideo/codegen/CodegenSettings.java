package io.manimvideo.codegen;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Everything the codegen pod is told through its environment (docs/design-notes.md, "Codegen pod").
 *
 * @param problemText the problem as the person wrote it
 * @param language BCP 47 tag for on-screen text
 * @param attempt 1-based attempt
 * @param previousCodeUrl presigned GET of the previous attempt's code, or null on a first attempt
 * @param previousError the previous attempt's error, or null
 * @param codePutUrl presigned PUT for the code
 * @param logPutUrl presigned PUT for the log tail, or null
 * @param maxDurationSeconds longest video allowed
 * @param accessibility accessibility wishes
 * @param resultPath where the termination message goes
 * @param checkCommand the repair-and-check command, code on stdin
 * @param checkEnvironment the environment the check and explain commands run with (no keys, no URLs)
 * @param explainCommand the offline explainer's command, problem on stdin
 * @param providers providers in the order to try
 * @param budget time the whole run may spend asking providers, below the Job's deadline
 * @param problems configuration mistakes that left a provider out, for the log
 */
public record CodegenSettings(
    String problemText,
    String language,
    int attempt,
    URI previousCodeUrl,
    String previousError,
    URI codePutUrl,
    URI logPutUrl,
    int maxDurationSeconds,
    Set<AccessibilityNeed> accessibility,
    Path resultPath,
    List<String> checkCommand,
    Map<String, String> checkEnvironment,
    List<String> explainCommand,
    List<ProviderSettings> providers,
    Duration budget,
    List<String> problems) {

  static final String DEFAULT_CHECK_COMMAND = "python -m manimrender check";
  static final Path DEFAULT_RESULT_PATH = Path.of("/dev/termination-log");
  static final int DEFAULT_MAX_DURATION_SECONDS = 60;
  /** Below the default codegen deadline (180 s), leaving time for the check, the upload and the fallback. */
  static final Duration DEFAULT_BUDGET = Duration.ofSeconds(150);
  /** The tag goes into the prompt, so it is held to the shape of a BCP 47 tag. */
  private static final Pattern LANGUAGE_TAG = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,4}");
  /** What the check command may see of the pod's environment: enough to find Python, nothing else. */
  private static final List<String> CHECK_ENVIRONMENT =
      List.of("PATH", "PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "HOME", "LANG", "LC_ALL", "TMPDIR");

  /**
   * Reads the environment.
   *
   * @throws IllegalArgumentException naming the variable that is missing or wrong (never its value)
   */
  public static CodegenSettings fromEnvironment(Map<String, String> env) {
    String problem = required(env, "CODEGEN_PROBLEM_TEXT");
    URI codePutUrl = uri("CODEGEN_CODE_PUT_URL", required(env, "CODEGEN_CODE_PUT_URL"));
    List<ProviderSettings> providers = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (String name : list(env.get("CODEGEN_PROVIDERS"))) {
      try {
        providers.add(ProviderSettings.fromEnvironment(name, env));
      } catch (IllegalArgumentException e) {
        problems.add("provider " + name + " left out: " + e.getMessage());
      }
    }
    Set<AccessibilityNeed> accessibility = EnumSet.noneOf(AccessibilityNeed.class);
    for (String wish : list(env.get("CODEGEN_ACCESSIBILITY"))) {
      AccessibilityNeed.fromWireName(wish).ifPresentOrElse(accessibility::add,
          () -> problems.add("unknown accessibility wish '" + wish + "' ignored"));
    }
    Map<String, String> checkEnvironment = new TreeMap<>();
    CHECK_ENVIRONMENT.forEach(name -> {
      if (env.get(name) != null) {
        checkEnvironment.put(name, env.get(name));
      }
    });
    String language = env.getOrDefault("CODEGEN_LANGUAGE", "").trim();
    if (!LANGUAGE_TAG.matcher(language).matches()) {
      if (!language.isEmpty()) {
        problems.add("CODEGEN_LANGUAGE is not a BCP 47 tag; using en");
      }
      language = "en";
    }
    List<String> checkCommand = command(env.getOrDefault("CODEGEN_CHECK_COMMAND", ""), DEFAULT_CHECK_COMMAND);
    List<String> explainCommand = command(env.getOrDefault("CODEGEN_EXPLAIN_COMMAND", ""),
        String.join(" ", checkCommand).replaceFirst(" check$", " explain"));
    return new CodegenSettings(
        problem,
        language,
        integer(env, "CODEGEN_ATTEMPT", 1),
        optionalUri(env, "CODEGEN_PREVIOUS_CODE_URL"),
        blankToNull(env.get("CODEGEN_PREVIOUS_ERROR")),
        codePutUrl,
        optionalUri(env, "CODEGEN_LOG_PUT_URL"),
        integer(env, "CODEGEN_MAX_DURATION_SECONDS", DEFAULT_MAX_DURATION_SECONDS),
        Set.copyOf(accessibility),
        env.getOrDefault("CODEGEN_RESULT_PATH", "").isBlank() ? DEFAULT_RESULT_PATH
            : Path.of(env.get("CODEGEN_RESULT_PATH")),
        checkCommand,
        Map.copyOf(checkEnvironment),
        explainCommand,
        List.copyOf(providers),
        seconds(env, "CODEGEN_BUDGET_SECONDS", DEFAULT_BUDGET),
        List.copyOf(problems));
  }

  public boolean isRepair() {
    return previousCodeUrl != null || previousError != null;
  }

  /** Presigned URLs are bearer credentials: never printed. */
  @Override
  public String toString() {
    return "CodegenSettings[language=" + language + ", attempt=" + attempt + ", providers="
        + providers.stream().map(ProviderSettings::name).toList() + ", repair=" + isRepair() + "]";
  }

  private static String required(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is not set");
    }
    return value;
  }

  /** A command line split on spaces; the default when blank (the explainer's: the check's, with "explain"). */
  private static List<String> command(String value, String fallback) {
    return List.of((value.isBlank() ? fallback : value).trim().split("\\s+"));
  }

  private static List<String> list(String value) {
    return value == null ? List.of()
        : Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static URI optionalUri(Map<String, String> env, String name) {
    String value = blankToNull(env.get(name));
    return value == null ? null : uri(name, value.trim());
  }

  static URI uri(String name, String value) {
    try {
      URI uri = new URI(value.trim());
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        throw new IllegalArgumentException(name + " is not an http(s) URL");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(name + " is not a valid URL");
    }
  }

  private static int integer(Map<String, String> env, String name, int fallback) {
    String value = blankToNull(env.get(name));
    if (value == null) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed < 1) {
        throw new IllegalArgumentException(name + " must be at least 1");
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " is not a whole number");
    }
  }

  static Duration seconds(Map<String, String> env, String name, Duration fallback) {
    return env.get(name) == null || env.get(name).isBlank() ? fallback : Duration.ofSeconds(integer(env, name, 1));
  }
}
