package io.manimvideo.codegen;

import io.manimvideo.api.AccessibilityNeed;
import io.manimvideo.api.LanguageTag;
import io.manimvideo.api.settings.Environment;
import io.manimvideo.api.workload.CodegenEnv;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

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

    /**
     * What the check command may see of the pod's environment: enough to find Python, and the switch of the
     * repairs checked against Manim's API (the operator's {@code API_REPAIRS=false} sets it), nothing else.
     */
    private static final List<String> CHECK_ENVIRONMENT = List.of(
            "PATH",
            "PYTHONPATH",
            "PYTHONHOME",
            "VIRTUAL_ENV",
            "HOME",
            "LANG",
            "LC_ALL",
            "TMPDIR",
            "MANIMRENDER_API_REPAIRS");

    /**
     * Reads the environment ({@link CodegenEnv}).
     *
     * @throws IllegalArgumentException naming the variable that is missing or wrong (never a URL's value)
     */
    public static CodegenSettings fromEnvironment(Map<String, String> env) {
        Environment e = new Environment(env);
        String problem = e.required(CodegenEnv.PROBLEM_TEXT);
        URI codePutUrl = e.required(CodegenEnv.CODE_PUT_URL);
        List<ProviderSettings> providers = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String name : e.optional(CodegenEnv.PROVIDERS).orElse(List.of())) {
            try {
                providers.add(ProviderSettings.fromEnvironment(name, e));
            } catch (IllegalArgumentException ex) {
                problems.add("provider " + name + " left out: " + ex.getMessage());
            }
        }
        Set<AccessibilityNeed> accessibility = EnumSet.noneOf(AccessibilityNeed.class);
        for (String wish : e.optional(CodegenEnv.ACCESSIBILITY).orElse(List.of())) {
            AccessibilityNeed.fromWireName(wish)
                    .ifPresentOrElse(
                            accessibility::add,
                            () -> problems.add("unknown accessibility wish '" + wish + "' ignored"));
        }
        Map<String, String> checkEnvironment = new TreeMap<>();
        CHECK_ENVIRONMENT.forEach(name -> {
            if (env.get(name) != null) {
                checkEnvironment.put(name, env.get(name));
            }
        });
        String language = e.get(CodegenEnv.LANGUAGE);
        if (!LanguageTag.isValid(language)) { // the tag goes into the prompt
            problems.add(CodegenEnv.LANGUAGE.name() + " is not a BCP 47 tag; using en");
            language = CodegenEnv.LANGUAGE.defaultValue();
        }
        List<String> checkCommand = command(e.get(CodegenEnv.CHECK_COMMAND));
        List<String> explainCommand = command(e.optional(CodegenEnv.EXPLAIN_COMMAND)
                .orElse(String.join(" ", checkCommand).replaceFirst(" check$", " explain")));
        return new CodegenSettings(
                problem,
                language,
                e.get(CodegenEnv.ATTEMPT),
                e.optional(CodegenEnv.PREVIOUS_CODE_URL).orElse(null),
                e.optional(CodegenEnv.PREVIOUS_ERROR).orElse(null),
                codePutUrl,
                e.optional(CodegenEnv.LOG_PUT_URL).orElse(null),
                e.get(CodegenEnv.MAX_DURATION_SECONDS),
                Set.copyOf(accessibility),
                resultPath(e),
                checkCommand,
                Map.copyOf(checkEnvironment),
                explainCommand,
                List.copyOf(providers),
                e.get(CodegenEnv.BUDGET_SECONDS),
                List.copyOf(problems));
    }

    /** Where the termination message goes; read on its own as well, so that a misconfigured pod still reports. */
    static Path resultPath(Environment e) {
        return Path.of(e.get(CodegenEnv.RESULT_PATH));
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

    /** A command line split on spaces. */
    private static List<String> command(String value) {
        return List.of(value.split("\\s+"));
    }
}
