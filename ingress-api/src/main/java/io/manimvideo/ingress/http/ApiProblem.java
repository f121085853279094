package io.manimvideo.ingress.http;

import io.manimvideo.api.texts.Text;
import java.util.List;
import java.util.Map;

/**
 * An answer to the caller that is not a success, as an exception so any layer can end a request with it.
 * {@link ProblemResponses} turns it into {@code application/problem+json}, in the caller's language: the title
 * comes from the status ({@code problem.title.<status>}) and the detail is a catalog {@link Text}. The detail is
 * shown to the caller: it must never carry secrets, platform addresses or internal exception text.
 */
public class ApiProblem extends RuntimeException {
    private final int status;
    private final transient Text detail;
    private final List<FieldError> errors;
    private final Map<String, String> headers;

    /** One rule a field broke; {@code pointer} is a JSON pointer into the request body. */
    public record FieldError(String pointer, Text message) {}

    public ApiProblem(int status, Text detail, List<FieldError> errors, Map<String, String> headers) {
        // the key, for logs and stack traces: never the English sentence, which is chosen per caller
        super(detail == null ? "status " + status : detail.key(), null, false, false);
        this.status = status;
        this.detail = detail;
        this.errors = List.copyOf(errors);
        this.headers = Map.copyOf(headers);
    }

    public ApiProblem(int status, Text detail) {
        this(status, detail, List.of(), Map.of());
    }

    public static ApiProblem badRequest(Text detail) {
        return new ApiProblem(400, detail);
    }

    public static ApiProblem unauthorized(Text detail) {
        return new ApiProblem(401, detail);
    }

    public static ApiProblem forbidden(Text detail) {
        return new ApiProblem(403, detail);
    }

    public static ApiProblem notFound(Text detail) {
        return new ApiProblem(404, detail);
    }

    public static ApiProblem conflict(Text detail) {
        return new ApiProblem(409, detail);
    }

    public static ApiProblem gone(Text detail) {
        return new ApiProblem(410, detail);
    }

    public static ApiProblem unprocessable(Text detail, List<FieldError> errors) {
        return new ApiProblem(422, detail, errors, Map.of());
    }

    public static ApiProblem tooManyRequests(long retryAfterSeconds) {
        return new ApiProblem(
                429,
                Text.of("problem.rateLimited", "seconds", retryAfterSeconds),
                List.of(),
                Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }

    public static ApiProblem unavailable(Text detail) {
        return new ApiProblem(503, detail, List.of(), Map.of("Retry-After", "5"));
    }

    public int status() {
        return status;
    }

    /** The catalog key of the title: {@code problem.title.<status>}, or the generic one of its class. */
    public String titleKey() {
        return ProblemTitles.keyOf(status);
    }

    /** The detail to say, or null. */
    public Text detail() {
        return detail;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
