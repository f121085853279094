package io.manimvideo.ingress.http;

import java.util.List;
import java.util.Map;

/**
 * An answer to the caller that is not a success, as an exception so any layer can end a request with it.
 * {@link ProblemResponses} turns it into {@code application/problem+json}. The detail is shown to the
 * caller: it must never carry secrets, platform addresses or internal exception text.
 */
public class ApiProblem extends RuntimeException {
    private final int status;
    private final String title;
    private final List<FieldError> errors;
    private final Map<String, String> headers;

    /** One rule a field broke; {@code pointer} is a JSON pointer into the request body. */
    public record FieldError(String pointer, String message) {}

    public ApiProblem(int status, String title, String detail, List<FieldError> errors, Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
        this.headers = Map.copyOf(headers);
    }

    public ApiProblem(int status, String title, String detail) {
        this(status, title, detail, List.of(), Map.of());
    }

    public static ApiProblem badRequest(String detail) {
        return new ApiProblem(400, "Bad request", detail);
    }

    public static ApiProblem unauthorized(String detail) {
        return new ApiProblem(401, "Unauthorized", detail);
    }

    public static ApiProblem forbidden(String detail) {
        return new ApiProblem(403, "Forbidden", detail);
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(404, "Not found", detail);
    }

    public static ApiProblem conflict(String detail) {
        return new ApiProblem(409, "Conflict", detail);
    }

    public static ApiProblem gone(String detail) {
        return new ApiProblem(410, "Gone", detail);
    }

    public static ApiProblem unprocessable(String detail, List<FieldError> errors) {
        return new ApiProblem(422, "Submission not accepted", detail, errors, Map.of());
    }

    public static ApiProblem tooManyRequests(long retryAfterSeconds) {
        return new ApiProblem(
                429,
                "Too many requests",
                "The rate limit of this session is reached; try again in " + retryAfterSeconds + " s.",
                List.of(),
                Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }

    public static ApiProblem unavailable(String detail) {
        return new ApiProblem(503, "Service unavailable", detail, List.of(), Map.of("Retry-After", "5"));
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
