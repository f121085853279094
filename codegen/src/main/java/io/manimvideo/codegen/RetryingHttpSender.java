package io.manimvideo.codegen;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Sends one HTTP request, retrying 429, 5xx and connection failures with backoff and honouring
 * {@code Retry-After}, within a {@link RetryPolicy} and a {@link Deadline}. A timeout is not retried: a
 * provider that is too slow once is likely slow again, so the caller moves on. Used for the AI providers
 * and for the presigned storage URLs alike.
 */
public final class RetryingHttpSender {
    private final HttpClient client;
    private final RetryPolicy policy;
    private final Clock clock;
    private final CodegenLog log;

    public RetryingHttpSender(HttpClient client, RetryPolicy policy, Clock clock, CodegenLog log) {
        this.client = client;
        this.policy = policy;
        this.clock = clock;
        this.log = log;
    }

    /**
     * Sends {@code request} (its timeout capped by the deadline) and returns the first response that is
     * not worth retrying, or the last retryable one when the retries are used up.
     *
     * @param what names the target in log lines and exception messages (never the URL: it may be presigned)
     * @throws IOException with a message safe to log when no response came back
     */
    public HttpResponse<String> send(String what, HttpRequest request, Deadline deadline) throws IOException {
        Duration timeout = request.timeout().orElse(Duration.ofSeconds(30));
        for (int retry = 0; ; retry++) {
            HttpRequest attempt = HttpRequest.newBuilder(request, (name, value) -> true)
                    .timeout(deadline.cap(timeout))
                    .build();
            Optional<Duration> wait;
            HttpResponse<String> response = null;
            try {
                response = client.send(attempt, HttpResponse.BodyHandlers.ofString());
                if (!isRetryable(response.statusCode())) {
                    return response;
                }
                wait = RetryAfter.parse(
                        response.headers().firstValue("Retry-After").orElse(null), clock);
            } catch (HttpTimeoutException e) {
                throw new IOException(what + " did not answer within "
                        + attempt.timeout().orElseThrow().toSeconds() + " s");
            } catch (IOException e) {
                if (retry >= policy.maxRetries()) {
                    throw new IOException(
                            what + " could not be reached (" + e.getClass().getSimpleName() + ")");
                }
                wait = Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(what + ": interrupted");
            }
            String failure = response == null ? "no connection" : "HTTP " + response.statusCode();
            if (retry >= policy.maxRetries()) {
                log.warn(what + ": " + failure + ", no retries left");
                return response;
            }
            Duration pause = wait.orElse(policy.backoff(retry + 1));
            if (pause.compareTo(policy.maxWait()) > 0 || pause.compareTo(deadline.remaining()) >= 0) {
                log.warn(what + ": " + failure + ", asked to wait " + pause.toSeconds() + " s, which is too long");
                if (response != null) {
                    return response;
                }
                throw new IOException(what + " could not be reached");
            }
            log.info(what + ": " + failure + ", retrying in " + pause.toMillis() + " ms (retry " + (retry + 1) + " of "
                    + policy.maxRetries() + ")");
            sleep(pause, what);
        }
    }

    private static boolean isRetryable(int status) {
        return status == 429 || status >= 500;
    }

    private static void sleep(Duration pause, String what) throws IOException {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(what + ": interrupted");
        }
    }
}
