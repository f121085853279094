package io.manimvideo.ingress.chat;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a bot sends with a video: the caption, followed by as much of the transcript as fits the platform's
 * caption limit, and the rest of the transcript as text messages within the text limit. Cuts fall between
 * lines where possible (a line longer than a message is cut between characters). Limits count UTF-16 units,
 * as Telegram does; for WhatsApp that is never more than its character count.
 */
public record VideoTexts(String caption, List<String> followUps) {
    private static final Logger LOG = LoggerFactory.getLogger(VideoTexts.class);

    public static VideoTexts of(String caption, Optional<String> transcript, int captionLimit, int textLimit) {
        List<String> lines = transcript
                .map(String::strip)
                .filter(t -> !t.isEmpty())
                .map(t -> t.lines().map(String::strip).filter(l -> !l.isEmpty()).toList())
                .orElse(List.of());
        if (lines.isEmpty()) {
            return new VideoTexts(caption, List.of());
        }
        String head = caption + "\n\n";
        List<String> parts = pack(lines, captionLimit - head.length(), textLimit);
        // the first part was packed for the caption; when even its first line did not fit, it starts empty
        String first = parts.get(0);
        return new VideoTexts(first.isEmpty() ? caption : head + first, List.copyOf(parts.subList(1, parts.size())));
    }

    /**
     * Sends the follow-up texts one after the other ({@code send} answers whether the platform took it). The
     * video is already delivered, so a text that did not go is logged and this never fails.
     */
    public Future<Void> sendFollowUps(String platform, Function<String, Future<Boolean>> send) {
        Future<Void> chain = Future.succeededFuture();
        for (String text : followUps) {
            chain = chain.compose(v -> send.apply(text)).map(sent -> {
                if (!sent) {
                    LOG.warn("event=transcript_text_not_sent platform={}", platform);
                }
                return null;
            });
        }
        return chain.otherwiseEmpty();
    }

    /** Greedy packing of lines; the first part holds at most {@code firstLimit}, the others {@code limit}. */
    private static List<String> pack(List<String> lines, int firstLimit, int limit) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int room = Math.max(0, firstLimit);
        for (String line : lines) {
            String rest = line;
            while (!rest.isEmpty()) {
                int needed = current.isEmpty() ? rest.length() : current.length() + 1 + rest.length();
                if (needed <= room) {
                    current.append(current.isEmpty() ? "" : "\n").append(rest);
                    rest = "";
                } else if (current.isEmpty() && room == limit) {
                    // a line longer than a whole message: cut it, never inside a surrogate pair
                    int cut = Character.isHighSurrogate(rest.charAt(limit - 1)) ? limit - 1 : limit;
                    parts.add(rest.substring(0, cut));
                    rest = rest.substring(cut);
                } else {
                    parts.add(current.toString());
                    current.setLength(0);
                    room = limit;
                }
            }
        }
        parts.add(current.toString());
        return parts;
    }
}
