package io.manimvideo.ingress.chat;

/** What a chat message asks for, whichever platform it came from. */
public sealed interface ChatInput {

    /** A maths problem to explain: becomes a {@code problem} VideoJob. */
    record Problem(String text) implements ChatInput {}

    /** Manim code to render as given: becomes a {@code direct_code} VideoJob. */
    record Code(String code) implements ChatInput {}

    /** A bot command such as {@code /status}; {@code argument} is the rest of the line, possibly empty. */
    record Command(ChatCommand command, String argument) implements ChatInput {}

    /** The person pressed "try again" on a failed job. */
    record Retry(String jobName) implements ChatInput {}

    /** Input we cannot take; {@code reply} tells the person why and what to send instead, in their language. */
    record Rejected(ChatReply reply) implements ChatInput {}

    /** Nothing to do and nobody waiting for an answer (read receipts, a command for another bot, ...). */
    record Ignored(String reason) implements ChatInput {}

    /** The person blocked or removed the bot: stop sending to this chat. */
    record Unreachable(String reason) implements ChatInput {}

    /**
     * A button press with our id {@code <prefix><videojob name>}: a retry when the name can be a job's
     * (checked here, at the edge, so a forged id never reaches the API server), else a polite reply.
     */
    static ChatInput buttonPress(String id, String retryPrefix) {
        if (id == null || !id.startsWith(retryPrefix)) {
            return new Ignored("unknown button");
        }
        String jobName = id.substring(retryPrefix.length());
        return io.manimvideo.ingress.jobs.JobNames.isValid(jobName)
                ? new Retry(jobName)
                : new Rejected(ChatTexts::retryUnavailable);
    }
}
