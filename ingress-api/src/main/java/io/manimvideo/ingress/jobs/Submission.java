package io.manimvideo.ingress.jobs;

import io.manimvideo.api.Accessibility;
import io.manimvideo.api.Platform;
import io.manimvideo.api.RenderOptions;
import io.manimvideo.api.SubmissionType;
import java.util.Objects;
import java.util.Optional;

/**
 * What a person sent, whatever the platform: the data model's VideoSubmissionRequest plus the options of a
 * DirectCodeSubmission. {@code messageId} is the platform's id of the message (Telegram update_id,
 * WhatsApp wamid, web Idempotency-Key): the same id always names the same VideoJob.
 */
public record Submission(
        Platform platform,
        SubmissionType type,
        String content,
        String sessionId,
        RenderOptions options,
        Optional<String> sceneName,
        String language,
        Accessibility accessibility,
        String messageId) {

    public Submission {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(messageId, "messageId");
        options = options == null ? new RenderOptions() : options;
        sceneName = sceneName == null ? Optional.empty() : sceneName;
        language = language == null || language.isBlank() ? "en" : language;
        accessibility = accessibility == null ? new Accessibility() : accessibility;
    }

    /** A problem or code with default options, as the chat bots send it. */
    public static Submission of(
            Platform platform,
            SubmissionType type,
            String content,
            String sessionId,
            String language,
            String messageId) {
        return new Submission(platform, type, content, sessionId, null, Optional.empty(), language, null, messageId);
    }

    /** The same submission with audio description asked for or not (a chat session's {@code /voice}). */
    public Submission withAudioDescription(boolean narrated) {
        Accessibility wanted = new Accessibility(narrated, accessibility.isHighContrast(), accessibility.isLargeText());
        return new Submission(platform, type, content, sessionId, options, sceneName, language, wanted, messageId);
    }
}
