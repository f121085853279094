package io.manimvideo.local.e2e;

import io.manimvideo.api.Phase;
import io.manimvideo.api.VideoJob;
import io.manimvideo.api.texts.TextCatalog;
import io.manimvideo.ingress.fakes.FakeTelegramBotApi;
import io.manimvideo.ingress.fakes.FakeWhatsAppCloudApi;
import io.manimvideo.local.e2e.FaultInjector.FaultEvent;
import io.manimvideo.local.e2e.FaultMessages.Sent;
import io.manimvideo.local.e2e.FaultSchedule.Channel;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The checker of a fault run. It reads what happened, not the logs: the calls the fake chat platforms received, the
 * objects written to storage and the API server's state (with the {@link JobTimeline}), and gives each message one
 * verdict: a video sent once, one failure reply, or a broken promise (lost, duplicated, stuck, a child Job made
 * twice for one attempt, a video uploaded twice). A video once is also marked adopted when the render Job of the job's
 * last attempt failed and no later one was made, yet the job is Ready with its one upload: the operator found the
 * render's result and video in the storage after losing its pod ({@code StoredRender}). It prints the table of
 * faults × outcomes, with the adoptions.
 */
final class FaultOutcomes {
    enum Outcome {
        VIDEO_ONCE("video once"),
        FAILURE_ONCE("one failure reply"),
        NOT_ACCEPTED("never accepted"),
        LOST("lost"),
        DUPLICATED("duplicated"),
        STUCK("not settled"),
        JOB_REMADE("child Job made twice"),
        UPLOADED_TWICE("video uploaded twice");

        final String label;

        Outcome(String label) {
            this.label = label;
        }

        boolean kept() {
            return this == VIDEO_ONCE || this == FAILURE_ONCE;
        }
    }

    /** One message's verdict and what it is based on; {@code adopted}: its video was adopted from the storage. */
    record Verdict(Sent message, Outcome outcome, String evidence, Instant settledAt, boolean adopted) {
        Verdict(Sent message, Outcome outcome, String evidence, Instant settledAt) {
            this(message, outcome, evidence, settledAt, false);
        }

        /** The VideoJob's name, which a verdict's evidence starts with once the message has one. */
        String videoJob() {
            return evidence.split("[ :]", 2)[0];
        }
    }

    private static final String ADOPTED = "of them adopted";

    private static final String FAILURE_REPLY = failureReplyStart();

    private final EndToEndStack e2e;
    private final JobTimeline timeline;

    FaultOutcomes(EndToEndStack e2e, JobTimeline timeline) {
        this.e2e = e2e;
        this.timeline = timeline;
    }

    /** The sentence a failed job's chat reply starts with (chat.failed in English, the fake chats' language). */
    private static String failureReplyStart() {
        String marker = "\u0001";
        String sentence = TextCatalog.load().forTag("en").say("chat.failed", "error", marker);
        return sentence.substring(0, sentence.indexOf(marker));
    }

    List<Verdict> judge(List<Sent> messages) {
        List<VideoJob> jobs = timeline.look();
        List<String> videoWrites = e2e.stack.s3().writes().stream()
                .filter(key -> key.matches(".*/video\\.[a-z0-9]+$"))
                .toList();
        List<Verdict> verdicts = new ArrayList<>();
        for (Sent message : messages) {
            verdicts.add(judge(message, jobs, videoWrites));
        }
        return verdicts;
    }

    private Verdict judge(Sent message, List<VideoJob> jobs, List<String> videoWrites) {
        if (!message.accepted()) {
            return new Verdict(message, Outcome.NOT_ACCEPTED, message.deliveries() + " deliveries refused", null);
        }
        List<VideoJob> own = jobs.stream().filter(message::owns).toList();
        if (own.isEmpty()) {
            return new Verdict(message, Outcome.LOST, "accepted, no VideoJob", null);
        }
        if (own.size() > 1) {
            return new Verdict(
                    message,
                    Outcome.DUPLICATED,
                    own.stream().map(j -> j.getMetadata().getName()).toList() + "",
                    null);
        }
        VideoJob job = own.get(0);
        String name = job.getMetadata().getName();
        Instant settled = timeline.settledAt(name);
        Phase phase = job.getStatus() == null ? null : job.getStatus().getPhase();
        List<String> remade = timeline.remadeChildJobs(name);
        if (!remade.isEmpty()) {
            return new Verdict(message, Outcome.JOB_REMADE, name + ": " + remade, settled);
        }
        long uploads = videoWrites.stream()
                .filter(key -> key.contains("/" + name + "/"))
                .count();
        if (uploads > 1) {
            return new Verdict(message, Outcome.UPLOADED_TWICE, name + ": " + uploads + " video PUTs", settled);
        }
        if (phase == null || !JobTimeline.SETTLED.contains(phase)) {
            return new Verdict(message, Outcome.STUCK, name + " in " + phase, settled);
        }
        int videos;
        int failures;
        if (message.plan().channel() == Channel.WEB) {
            videos = phase == Phase.FAILED || phase == Phase.EXPIRED ? 0 : 1;
            failures = 1 - videos;
        } else {
            videos = videosSent(message);
            failures = failureReplies(message);
        }
        boolean adopted = adopted(job, uploads);
        String evidence = name + " " + phase + ", " + videos + " video(s), " + failures + " failure reply(ies)"
                + (adopted ? ", adopted" : "");
        if (videos + failures == 0) {
            return new Verdict(message, Outcome.STUCK, evidence, settled);
        }
        if (videos + failures > 1) {
            return new Verdict(message, Outcome.DUPLICATED, evidence, settled);
        }
        return videos == 1
                ? new Verdict(message, Outcome.VIDEO_ONCE, evidence, settled, adopted)
                : new Verdict(message, Outcome.FAILURE_ONCE, evidence, settled);
    }

    /**
     * Ready (or delivered) with one upload, though the render Job of its last attempt failed and no later attempt was
     * made: the video that failed Job's pod stored was adopted.
     */
    private boolean adopted(VideoJob job, long uploads) {
        var status = job.getStatus();
        if (uploads != 1
                || status.getVideo() == null
                || (status.getPhase() != Phase.READY && status.getPhase() != Phase.DELIVERED)) {
            return false;
        }
        return timeline.seenFailed(job.getMetadata().getName() + "-render-" + status.getAttempts());
    }

    /**
     * The objects under {@code videojobs/} whose VideoJob (namespace, name and uid: the storage prefix) no longer
     * exists: what a deletion or a TTL left behind.
     */
    List<String> orphans() throws Exception {
        List<String> live = e2e.videoJobs().stream()
                .map(j -> "videojobs/" + j.getMetadata().getNamespace() + "/"
                        + j.getMetadata().getName() + "/" + j.getMetadata().getUid() + "/")
                .toList();
        // S3Proxy's file store also lists the folders above the objects (keys ending in "/"): they hold no data
        return e2e.objectKeys("videojobs/").stream()
                .filter(key -> !key.endsWith("/"))
                .filter(key -> live.stream().noneMatch(key::startsWith))
                .toList();
    }

    private int videosSent(Sent message) {
        if (message.plan().channel() == Channel.TELEGRAM) {
            return (int) e2e.telegram.requests("sendVideo").stream()
                    .filter(FakeTelegramBotApi.Request::succeeded)
                    .filter(r -> message.address().equals(r.field("chat_id")))
                    .count();
        }
        return (int) e2e.whatsapp.requests().stream()
                .filter(r -> message.address().equals(r.to()))
                .filter(r -> "video".equals(r.type()))
                .count();
    }

    private int failureReplies(Sent message) {
        if (message.plan().channel() == Channel.TELEGRAM) {
            return (int) e2e.telegram.requests("sendMessage").stream()
                    .filter(FakeTelegramBotApi.Request::succeeded)
                    .filter(r -> message.address().equals(r.field("chat_id")))
                    .filter(r -> r.field("text") != null && r.field("text").startsWith(FAILURE_REPLY))
                    .count();
        }
        return (int) e2e.whatsapp.requests().stream()
                .filter(r -> message.address().equals(r.to()))
                .filter(r -> whatsappText(r).startsWith(FAILURE_REPLY))
                .count();
    }

    private static String whatsappText(FakeWhatsAppCloudApi.Request request) {
        JsonObject body = request.body();
        if (body.getJsonObject("text") != null) {
            return body.getJsonObject("text").getString("body", "");
        }
        JsonObject interactive = body.getJsonObject("interactive");
        if (interactive != null && interactive.getJsonObject("body") != null) {
            return interactive.getJsonObject("body").getString("text", "");
        }
        return "";
    }

    /**
     * The table: for each fault, the outcomes of the messages alive while it struck (accepted before it ended and
     * not settled before it began); a message meets several faults and counts in each row; the last row counts
     * every message once.
     */
    static String table(List<Verdict> verdicts, List<FaultEvent> events, Instant end) {
        Map<String, EnumMap<Outcome, Integer>> rows = new LinkedHashMap<>();
        for (FaultEvent event : events) {
            EnumMap<Outcome, Integer> row =
                    rows.computeIfAbsent(event.kind().label(), k -> new EnumMap<>(Outcome.class));
            for (Verdict verdict : verdicts) {
                if (alive(verdict, event, end)) {
                    row.merge(verdict.outcome(), 1, Integer::sum);
                }
            }
        }
        Map<String, Integer> adopted = new LinkedHashMap<>();
        for (FaultEvent event : events) {
            adopted.merge(event.kind().label(), 0, Integer::sum);
            for (Verdict verdict : verdicts) {
                if (verdict.adopted() && alive(verdict, event, end)) {
                    adopted.merge(event.kind().label(), 1, Integer::sum);
                }
            }
        }
        EnumMap<Outcome, Integer> all = new EnumMap<>(Outcome.class);
        verdicts.forEach(v -> all.merge(v.outcome(), 1, Integer::sum));
        rows.put("all messages (each once)", all);
        adopted.put("all messages (each once)", (int)
                verdicts.stream().filter(Verdict::adopted).count());

        var out = new StringBuilder();
        String header = String.format(Locale.ROOT, "| %-56s |", "fault (times struck) × outcome of the jobs alive");
        for (Outcome outcome : Outcome.values()) {
            header += String.format(Locale.ROOT, " %s |", outcome.label);
        }
        header += " " + ADOPTED + " |";
        out.append(header).append('\n');
        out.append(header.replaceAll("[^|]", "-")).append('\n');
        Map<String, Long> struck = new LinkedHashMap<>();
        events.forEach(e -> struck.merge(e.kind().label(), 1L, Long::sum));
        rows.forEach((fault, row) -> {
            String name = struck.containsKey(fault) ? fault + " (" + struck.get(fault) + ")" : fault;
            out.append(String.format(Locale.ROOT, "| %-56s |", name));
            for (Outcome outcome : Outcome.values()) {
                out.append(String.format(
                        Locale.ROOT, " %" + outcome.label.length() + "d |", row.getOrDefault(outcome, 0)));
            }
            out.append(String.format(Locale.ROOT, " %" + ADOPTED.length() + "d |", adopted.getOrDefault(fault, 0)));
            out.append('\n');
        });
        return out.toString();
    }

    /** The message was accepted before the fault ended and not settled before it began. */
    private static boolean alive(Verdict verdict, FaultEvent event, Instant end) {
        Instant done = verdict.settledAt() == null ? end : verdict.settledAt();
        return verdict.message().sentAt().isBefore(event.end()) && done.isAfter(event.start());
    }
}
