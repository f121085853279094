package io.manimvideo.ingress.chat;

import io.manimvideo.api.ErrorInfo;
import io.manimvideo.api.Phase;
import io.manimvideo.api.VideoJob;
import io.manimvideo.api.VideoJobSpec;
import io.manimvideo.api.texts.FailureTexts;
import io.manimvideo.api.texts.Language;
import io.manimvideo.api.texts.Text;
import io.manimvideo.api.texts.Texts;
import io.manimvideo.ingress.jobs.RetryRule;
import io.manimvideo.ingress.session.VideoMetadata;
import java.time.Duration;
import java.util.List;

/** Every sentence the bots say to one person, in that person's language (keys {@code chat.*}, {@code progress.*}). */
public final class ChatTexts {
    private final Texts texts;

    ChatTexts(Texts texts) {
        this.texts = texts;
    }

    /** For sentences made elsewhere (rule violations, problem details). */
    public String say(Text text) {
        return texts.say(text);
    }

    public String welcome() {
        return texts.say("chat.welcome", "help", help());
    }

    public String help() {
        return texts.say(
                "chat.help",
                "min",
                VideoJobSpec.PROBLEM_MIN_CHARS,
                "max",
                VideoJobSpec.PROBLEM_MAX_CHARS,
                "maxKb",
                VideoJobSpec.CODE_MAX_BYTES / 1024);
    }

    public String codeMissing() {
        return texts.say("chat.codeMissing");
    }

    public String unknownCommand(String word) {
        return texts.say("chat.unknownCommand", "word", word, "help", help());
    }

    public String onlyText() {
        return texts.say("chat.onlyText");
    }

    public String editedIgnored() {
        return texts.say("chat.editedIgnored");
    }

    public String rateLimited(Duration retryAfter) {
        long minutes = Math.max(1, (retryAfter.toSeconds() + 59) / 60);
        return texts.say("chat.rateLimited", "minutes", minutes);
    }

    public String accepted() {
        return texts.say("chat.accepted");
    }

    /** The text of the one progress message that is edited as the job moves. */
    public String progress(Phase phase, Integer percent) {
        if (phase == Phase.RENDERING && percent != null) {
            return texts.say("progress.renderingPercent", "percent", percent);
        }
        return texts.say("progress." + phase.wireName());
    }

    public String videoCaption(String preview) {
        return preview == null || preview.isBlank()
                ? texts.say("chat.videoCaption")
                : texts.say("chat.videoCaptionWithPreview", "preview", preview);
    }

    /** When the file is too big for the platform, the person gets a link instead. */
    public String videoLink(String url, Duration validFor) {
        return texts.say("chat.videoLink", "url", url, "minutes", Math.max(1, validFor.toMinutes()));
    }

    /** What a Failed job's person reads: its reason in words, and what to do when the code itself must change. */
    public String failed(VideoJob job) {
        ErrorInfo error = job.getStatus() == null ? null : job.getStatus().getLastError();
        String why = error == null ? texts.say("chat.somethingWentWrong") : texts.say(FailureTexts.forPerson(error));
        return RetryRule.failsTheSameWay(job)
                ? texts.say("chat.failedFixCode", "error", why)
                : texts.say("chat.failed", "error", why);
    }

    /** A photo, file, voice note or sticker, with or without a caption: we read only typed text. */
    public String attachmentNotRead() {
        return texts.say("chat.attachmentNotRead");
    }

    public String retryButton() {
        return texts.say("chat.retryButton");
    }

    public String retryStarted() {
        return texts.say("chat.retryStarted");
    }

    public String retryUnavailable() {
        return texts.say("chat.retryUnavailable");
    }

    public String noVideosYet() {
        return texts.say("chat.noVideosYet");
    }

    public String status(VideoMetadata latest) {
        return texts.say("chat.status", "preview", latest.problemPreview(), "state", progress(latest.status(), null));
    }

    public String history(List<VideoMetadata> entries) {
        StringBuilder text = new StringBuilder(texts.say("chat.historyTitle"));
        for (VideoMetadata entry : entries) {
            text.append('\n')
                    .append(texts.say(
                            "chat.historyLine",
                            "date",
                            entry.createdAt()
                                    .substring(0, Math.min(10, entry.createdAt().length())),
                            "preview",
                            entry.problemPreview(),
                            "state",
                            progress(entry.status(), null)));
        }
        return text.toString();
    }

    public String nothingToCancel() {
        return texts.say("chat.nothingToCancel");
    }

    public String cancelled(String preview) {
        return texts.say("chat.cancelled", "preview", preview);
    }

    public String currentLanguage(String tag) {
        return texts.say("chat.currentLanguage", "tag", tag);
    }

    public String languageInvalid(String tag) {
        return texts.say("chat.languageInvalid", "tag", tag);
    }

    /**
     * Said in the new language when the catalog speaks it (the caller picks these texts for {@code tag}); for a
     * language it does not speak, the videos follow it and the replies stay in English, which is said.
     */
    public String languageSet(String tag) {
        return Language.matching(tag).isPresent()
                ? texts.say("chat.languageSet", "tag", tag)
                : texts.say("chat.languageSetVideosOnly", "tag", tag);
    }

    /** {@code /voice on} or {@code off} done: whether a voice reads the next videos' steps aloud. */
    public String voiceSet(boolean on) {
        return texts.say(on ? "chat.voiceOn" : "chat.voiceOff");
    }

    /** {@code /voice} without on or off: the current choice and how to change it. */
    public String voiceHow(boolean on) {
        return texts.say("chat.voiceHow", "state", on ? "on" : "off");
    }

    public String linkCode(String code, Duration validFor) {
        return texts.say("chat.linkCode", "code", code, "minutes", validFor.toMinutes());
    }

    public String linked() {
        return texts.say("chat.linked");
    }

    public String linkCodeUnknown() {
        return texts.say("chat.linkCodeUnknown");
    }
}
