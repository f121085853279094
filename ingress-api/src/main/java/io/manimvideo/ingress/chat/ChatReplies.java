package io.manimvideo.ingress.chat;

import io.manimvideo.api.Phase;
import io.manimvideo.api.VideoJobSpec;
import io.manimvideo.ingress.session.VideoMetadata;
import java.time.Duration;
import java.util.List;

/** Every sentence the bots say to people, in one place (English for now). No secrets, no addresses. */
public final class ChatReplies {

    public String welcome() {
        return "Hi! Send me a maths problem (for example \"show why the derivative of x^2 is 2x\") and I will "
                + "make a short explainer video with Manim.\n\n" + help();
    }

    public String help() {
        return "How to use me:\n"
                + "- Send a maths problem in words (" + VideoJobSpec.PROBLEM_MIN_CHARS + " to "
                + VideoJobSpec.PROBLEM_MAX_CHARS + " characters).\n"
                + "- Send /code followed by Manim code (at most " + VideoJobSpec.CODE_MAX_BYTES / 1024
                + " KB) to render it as it is.\n"
                + "- /status: your latest video\n"
                + "- /history: your recent videos\n"
                + "- /cancel: stop the video being made\n"
                + "- /language <tag>: language of the text in videos, e.g. /language pt-BR\n"
                + "- /link: a code to use the same session on another app or the web page";
    }

    public String codeMissing() {
        return "Put the Manim code after /code, in the same message.";
    }

    public String unknownCommand(String word) {
        return "I do not know /" + word + ".\n\n" + help();
    }

    public String onlyText() {
        return "I can only read text messages. Please type the maths problem, or send Manim code after /code.";
    }

    public String editedIgnored() {
        return "I saw you edited a message; edits do not start a new video. Send the problem again as a new message.";
    }

    public String rateLimited(Duration retryAfter) {
        long minutes = Math.max(1, (retryAfter.toSeconds() + 59) / 60);
        return "You have sent a lot of requests. Please try again in about " + minutes
                + (minutes == 1 ? " minute." : " minutes.");
    }

    public String accepted() {
        return "Got it! Your video is queued.";
    }

    /** The text of the one progress message that is edited as the job moves. */
    public String progress(Phase phase, Integer percent) {
        return switch (phase) {
            case QUEUED -> "Queued...";
            case AI_GENERATING -> "Writing the animation code...";
            case CODE_VALIDATING -> "Checking the code...";
            case RENDERING -> percent == null ? "Rendering..." : "Rendering " + percent + " %...";
            case UPLOADING -> "Uploading the video...";
            case READY, DELIVERED -> "Your video is ready.";
            case FAILED -> "The video could not be made.";
            case EXPIRED -> "The video expired before it was delivered.";
        };
    }

    public String videoCaption(String preview) {
        return preview == null || preview.isBlank() ? "Your video" : "Your video: " + preview;
    }

    /** When the file is too big for the platform, the person gets a link instead. */
    public String videoLink(String url, Duration validFor) {
        return "Your video is ready: " + url + "\n(The link works for " + Math.max(1, validFor.toMinutes())
                + " minutes.)";
    }

    /** What a Failed job's person reads: its last error, and what to do when the code itself must change. */
    public String failed(io.manimvideo.api.VideoJob job) {
        io.manimvideo.api.ErrorInfo error =
                job.getStatus() == null ? null : job.getStatus().getLastError();
        return failed(
                error == null ? null : error.getMessage(),
                error == null ? null : error.getLine(),
                io.manimvideo.ingress.jobs.RetryRule.failsTheSameWay(job));
    }

    /** The failure, with its line said once ({@link io.manimvideo.ingress.jobs.FailureWording}). */
    public String failed(String userSafeError, Integer line, boolean codeMustChange) {
        return "Sorry, the video could not be made: "
                + io.manimvideo.ingress.jobs.FailureWording.of(userSafeError, line)
                + (codeMustChange ? "\nFix the code and send it again with /code." : "");
    }

    /** A photo, file, voice note or sticker, with or without a caption: we read only typed text. */
    public String attachmentNotRead() {
        return "I cannot read photos, files or voice notes, and a caption alone is not a problem I can solve. "
                + "Please type the maths problem as a text message (for example \"show why the derivative of x^2 is 2x\"), "
                + "or send Manim code after /code.";
    }

    public String retryButton() {
        return "Try again";
    }

    public String retryStarted() {
        return "Trying again...";
    }

    public String retryUnavailable() {
        return "That job can no longer be retried. Please send the problem again.";
    }

    public String noVideosYet() {
        return "You have no videos yet. Send me a maths problem to make one.";
    }

    public String status(VideoMetadata latest) {
        return "Your latest video (\"" + latest.problemPreview() + "\"): " + progress(latest.status(), null);
    }

    public String history(List<VideoMetadata> entries) {
        StringBuilder text = new StringBuilder("Your recent videos:");
        for (VideoMetadata entry : entries) {
            text.append("\n- ")
                    .append(entry.createdAt(), 0, Math.min(10, entry.createdAt().length()))
                    .append(" \"")
                    .append(entry.problemPreview())
                    .append("\": ")
                    .append(entry.status().wireName().replace('_', ' '));
        }
        return text.toString();
    }

    public String nothingToCancel() {
        return "There is no video being made right now.";
    }

    public String cancelled(String preview) {
        return "Cancelled \"" + preview + "\".";
    }

    public String currentLanguage(String tag) {
        return "Text in your videos is in " + tag + ". Change it with /language followed by a tag, e.g. /language de";
    }

    public String languageInvalid(String tag) {
        return "\"" + tag + "\" is not a language tag. Use a BCP 47 tag such as en, de or pt-BR.";
    }

    public String languageSet(String tag) {
        return "Done: text in your next videos will be in " + tag + ".";
    }

    public String linkCode(String code, Duration validFor) {
        return "Your link code is " + code + " (valid for " + validFor.toMinutes() + " minutes). Send /link " + code
                + " from another app, or enter it on the web page, to share your videos and history there.";
    }

    public String linked() {
        return "Linked: this chat now shares its session (videos and history) with your other app.";
    }

    public String linkCodeUnknown() {
        return "That link code is unknown, used or expired. Ask for a new one with /link.";
    }
}
