package io.manimvideo.ingress.jobs;

import java.util.List;

/**
 * A submission broke a rule of the data model (lengths, a disabled feature). The message and errors are meant
 * for the person: the web answers 422 with them, the bots reply with them.
 */
public class InvalidSubmissionException extends RuntimeException {
    /** {@code pointer} names the field as a JSON pointer into the web request ({@code /content}). */
    public record Violation(String pointer, String message) {}

    private final List<Violation> errors;

    public InvalidSubmissionException(List<Violation> errors) {
        super(
                errors.stream()
                        .map(Violation::message)
                        .reduce((a, b) -> a + " " + b)
                        .orElse("Invalid submission."),
                null,
                false,
                false);
        this.errors = List.copyOf(errors);
    }

    public List<Violation> errors() {
        return errors;
    }
}
