package io.manimvideo.codegen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the render image's repair-and-check command ({@code python -m manimrender check}) on a piece of
 * code: the code goes to its stdin, one JSON object comes back on stdout, exit 0 when the code passed and
 * 1 when it did not. The check is static (repairs, parse, AST policy); the code is never executed here.
 * The command sees only {@link CodegenSettings#checkEnvironment()}: no keys, no presigned URLs.
 */
public final class CodeChecker {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final JsonCommand command;

    public CodeChecker(List<String> command, Map<String, String> environment, ObjectMapper mapper, CodegenLog log) {
        this.command = new JsonCommand(command, environment, TIMEOUT, mapper, log);
    }

    public CheckResult check(String code) throws CheckerException {
        JsonCommand.Answer answer;
        try {
            answer = command.run(code);
        } catch (CheckerException e) {
            throw new CheckerException(e.getMessage().replaceFirst("^the command", "the check command"));
        }
        JsonNode json = answer.json();
        List<String> repairs = new ArrayList<>();
        json.path("repairs").forEach(r -> repairs.add(r.asText()));
        JsonNode error = json.path("error");
        String checked = json.path("code").isTextual() ? json.get("code").asText() : code;
        return new CheckResult(
                answer.exit() == 0,
                checked,
                List.copyOf(repairs),
                textOrNull(json.get("scene")),
                textOrNull(error.get("message")),
                positive(error.get("line")),
                positive(error.get("column")),
                json.path("truncated").asBoolean(false));
    }

    static String textOrNull(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }

    private static Integer positive(JsonNode node) {
        return node != null && node.canConvertToInt() && node.asInt() > 0 ? node.asInt() : null;
    }
}
