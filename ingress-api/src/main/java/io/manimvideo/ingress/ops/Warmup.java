package io.manimvideo.ingress.ops;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the webhooks' path a few times before the replica says it is ready ({@code /readyz} answers 503 until then): a
 * JVM that has not run it takes hundreds of milliseconds over its first calls (classes loaded, code interpreted), and
 * every call queued behind them on the loop waits as long: the benchmark's first second at 50 updates/s had its
 * slowest acknowledgements, 300-430 ms, more than the rest of the round. The calls carry no secret or signature, so
 * each ends in 401 with nothing recorded; a failed warm-up only logs and the replica gets ready all the same.
 */
public final class Warmup {
    private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);
    /** An update as the Bot API sends it (and a WhatsApp notification's envelope): valid bodies, so they are parsed. */
    private static final String TELEGRAM_UPDATE = "{\"update_id\":1,\"message\":{\"message_id\":1,\"date\":1,"
            + "\"chat\":{\"id\":1,\"type\":\"private\"},\"from\":{\"id\":1,\"is_bot\":false,\"first_name\":\"warm\"},"
            + "\"text\":\"/start\"}}";

    /** A call not answered by then ends the warm-up (logged): readiness never waits on it for long. */
    private static final long CALL_TIMEOUT_MILLIS = 5000;

    private static final String WHATSAPP_NOTIFICATION = "{\"object\":\"whatsapp_business_account\",\"entry\":[]}";

    private volatile boolean done;

    /** Whether the warm-up is over (or was not needed). */
    public boolean done() {
        return done;
    }

    /** Ends the warm-up where it stands (it took too long): the replica gets ready without the rest. */
    public void giveUp() {
        done = true;
        LOG.warn("event=warmup_given_up");
    }

    /**
     * Posts {@code rounds} calls to each path, one after the other, each on a connection of its own so they reach
     * every HTTP instance in turn; completes (never fails) when they are answered.
     */
    public Future<Void> run(WebClient client, String host, int port, List<String> paths, int rounds) {
        long started = System.nanoTime();
        Future<Void> chain = Future.succeededFuture();
        for (int i = 0; i < rounds; i++) {
            for (String path : paths) {
                String body = path.endsWith("whatsapp") ? WHATSAPP_NOTIFICATION : TELEGRAM_UPDATE;
                chain = chain.compose(v -> client.post(port, host, path)
                        .timeout(CALL_TIMEOUT_MILLIS)
                        .putHeader("Content-Type", "application/json")
                        .sendBuffer(Buffer.buffer(body))
                        .compose(response -> response.statusCode() == 401
                                ? Future.<Void>succeededFuture()
                                : Future.failedFuture("answered " + response.statusCode() + " without a secret")));
            }
        }
        return chain.transform(result -> {
            done = true;
            if (result.failed()) {
                LOG.warn("event=warmup_failed cause=\"{}\"", result.cause().getMessage());
            } else {
                LOG.info(
                        "event=warmup_done calls={} ms={}",
                        rounds * paths.size(),
                        (System.nanoTime() - started) / 1_000_000);
            }
            return Future.succeededFuture();
        });
    }
}
