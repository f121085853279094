package io.manimvideo.codegen;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.manimvideo.api.settings.Environment;
import io.manimvideo.api.workload.CodegenEnv;
import io.manimvideo.api.workload.Outcome;
import io.manimvideo.api.workload.WorkloadResult;
import io.manimvideo.api.workload.WorkloadResultCodec;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Entry point of the codegen Job's container ({@code java -cp /app/lib/* ...CodegenMain}): reads its
 * environment, runs {@link CodegenWorkload}, uploads the log tail and writes the termination message.
 * Exits 0 when the outcome is ok, 1 otherwise; the termination message carries the details either way.
 */
public final class CodegenMain {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private CodegenMain() {}

    public static void main(String[] args) {
        System.exit(run(System.getenv(), RetryPolicy.DEFAULT, System.err, Clock.systemUTC()));
    }

    static int run(Map<String, String> env, RetryPolicy retryPolicy, PrintStream stderr, Clock clock) {
        CodegenLog log = new CodegenLog(stderr, clock, apiKeys(env));
        Path resultPath = CodegenSettings.resultPath(new Environment(env));
        WorkloadResult result;
        PresignedObjects storage = null;
        CodegenSettings settings = null;
        try {
            settings = CodegenSettings.fromEnvironment(env);
            ObjectMapper mapper = new ObjectMapper();
            HttpClient http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(CONNECT_TIMEOUT)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
            RetryingHttpSender sender = new RetryingHttpSender(http, retryPolicy, clock, log);
            storage = new PresignedObjects(sender);
            CodeChecker checker = new CodeChecker(settings.checkCommand(), settings.checkEnvironment(), mapper, log);
            PromptBuilder prompts = new PromptBuilder();
            CodeGenerator generator = new CodeGenerator(
                    ChatProviders.create(settings.providers(), sender, mapper),
                    prompts,
                    new CodeExtractor(),
                    checker,
                    clock,
                    log);
            OfflineExplainer explainer =
                    new OfflineExplainer(settings.explainCommand(), settings.checkEnvironment(), mapper, log);
            result = new CodegenWorkload(
                            settings, prompts, generator, explainer, new DegradedScene(), checker, storage, clock, log)
                    .run();
        } catch (IllegalArgumentException e) {
            log.warn("configuration: " + e.getMessage());
            result = CodegenResults.failed(
                    Outcome.INTERNAL_ERROR, "The code generator is misconfigured: " + e.getMessage());
        } catch (RuntimeException e) {
            log.warn("unexpected failure: " + e);
            result = CodegenResults.failed(Outcome.INTERNAL_ERROR, "The code generator failed unexpectedly.");
        }
        String message = new WorkloadResultCodec().write(result);
        log.info("result: " + message);
        if (storage != null && settings.logPutUrl() != null) {
            uploadLog(storage, settings, log, clock);
        }
        try {
            Files.writeString(resultPath, message, StandardCharsets.UTF_8);
        } catch (IOException e) {
            stderr.println("the termination message could not be written to " + resultPath + ": " + e.getMessage());
        }
        return result.outcome() == Outcome.OK ? 0 : 1;
    }

    /** Best effort: a missing log must not turn a good run into a failed one. */
    private static void uploadLog(PresignedObjects storage, CodegenSettings settings, CodegenLog log, Clock clock) {
        try {
            storage.put(
                    "log upload",
                    settings.logPutUrl(),
                    log.tail().getBytes(StandardCharsets.UTF_8),
                    "text/plain; charset=utf-8",
                    Deadline.after(CodegenWorkload.TRANSFER_BUDGET, clock));
        } catch (IOException e) {
            log.warn(e.getMessage());
        }
    }

    /** Every configured key, known before the settings are parsed so even a configuration error is scrubbed. */
    private static List<String> apiKeys(Map<String, String> env) {
        return env.entrySet().stream()
                .filter(e -> CodegenEnv.PROVIDER_API_KEY.matches(e.getKey()))
                .map(e -> e.getValue().trim())
                .filter(v -> v.length() >= 4)
                .toList();
    }
}
