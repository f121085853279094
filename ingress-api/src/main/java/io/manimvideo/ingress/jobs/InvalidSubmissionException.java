package io.manimvideo.ingress.jobs;

import io.manimvideo.api.texts.Text;
import java.util.List;

/**
 * A submission broke a rule of the data model (lengths, a disabled feature). The errors are meant for the person
 * and said in their language: the web answers 422 with them, the bots reply with them. The exception's own message
 * names only the catalog keys, for logs.
 */
public class InvalidSubmissionException extends RuntimeException {
    /** {@code pointer} names the field as a JSON pointer into the web request ({@code /content}). */
    public record Violation(String pointer, Text message) {}

    private final List<Violation> errors;

    public InvalidSubmissionException(List<Violation> errors) {
        super(
                errors.stream()
                        .map(v -> v.message().key())
                        .reduce((a, b) -> a + " " + b)
                        .orElse("submission rejected"),
                null,
                false,
                false);
        this.errors = List.copyOf(errors);
    }

    public List<Violation> errors() {
        return errors;
    }
}
