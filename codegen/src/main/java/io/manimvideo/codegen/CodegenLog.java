package io.manimvideo.codegen;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The pod's log: each line goes to stderr and into a bounded tail that is uploaded at the end (the last
 * 64 KB, see the storage layout). Every line is scrubbed of the API keys and of URL query strings
 * (presigned URLs are credentials) before it is written anywhere.
 */
public final class CodegenLog {
    static final int TAIL_BYTES = 64 * 1024;
    private static final Pattern URL_QUERY = Pattern.compile("(https?://[^\\s?\"']+)\\?[^\\s\"']*");

    private final PrintStream out;
    private final Clock clock;
    private final List<String> secrets;
    private final Deque<String> tail = new ArrayDeque<>();
    private int tailBytes;

    public CodegenLog(PrintStream out, Clock clock, List<String> secrets) {
        this.out = out;
        this.clock = clock;
        this.secrets = List.copyOf(secrets);
    }

    public void info(String message) {
        write("INFO", message);
    }

    public void warn(String message) {
        write("WARN", message);
    }

    /** The last lines written, at most {@value #TAIL_BYTES} bytes of UTF-8. */
    public synchronized String tail() {
        return String.join("", tail);
    }

    String redact(String text) {
        String redacted = text;
        for (String secret : secrets) {
            redacted = redacted.replace(secret, "<redacted>");
        }
        return URL_QUERY.matcher(redacted).replaceAll("$1?<redacted>");
    }

    private synchronized void write(String level, String message) {
        String line = clock.instant() + " " + level + " " + redact(message) + "\n";
        out.print(line);
        out.flush();
        tail.addLast(line);
        tailBytes += line.getBytes(StandardCharsets.UTF_8).length;
        while (tailBytes > TAIL_BYTES && tail.size() > 1) {
            tailBytes -= tail.removeFirst().getBytes(StandardCharsets.UTF_8).length;
        }
    }
}
