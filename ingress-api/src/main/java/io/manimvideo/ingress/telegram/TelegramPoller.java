package io.manimvideo.ingress.telegram;

import io.manimvideo.ingress.chat.WebhookJson;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Telegram long polling ({@code TELEGRAM_MODE=polling}), for trying the bot where Telegram cannot reach a
 * webhook (a laptop): removes any webhook, then asks {@code getUpdates} again and again. Each update goes
 * through the same {@link TelegramIntake} as a webhook's. The offset moves past an update only once it is
 * recorded; when Redis or the API server is down the batch is asked for again after a pause, so nothing is
 * lost (and a repeat meets the update_id dedupe). One poller per bot token: Telegram allows one reader.
 */
public final class TelegramPoller extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(TelegramPoller.class);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(30);

    private final TelegramBotClient bot;
    private final WebhookJson json;
    private final TelegramIntake intake;
    private final Duration pollTimeout;
    private long offset;
    private int failures;
    private volatile boolean running;

    public TelegramPoller(TelegramBotClient bot, WebhookJson json, TelegramIntake intake, Duration pollTimeout) {
        this.bot = bot;
        this.json = json;
        this.intake = intake;
        this.pollTimeout = pollTimeout;
    }

    @Override
    public Future<?> start() {
        running = true;
        // getUpdates is refused while a webhook is set
        bot.deleteWebhook().onComplete(deleted -> {
            LOG.info("event=telegram_polling_started timeout_s={}", pollTimeout.toSeconds());
            poll();
        });
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        running = false;
        return Future.succeededFuture();
    }

    private void poll() {
        if (!running) {
            return;
        }
        bot.getUpdates(offset, pollTimeout).compose(this::takeInAll).onComplete(done -> {
            if (done.succeeded()) {
                failures = 0;
                poll();
                return;
            }
            failures++;
            long pause = Math.min(MAX_PAUSE.toMillis(), 500L << Math.min(6, failures - 1));
            LOG.warn(
                    "event=telegram_polling_failed pause_ms={} cause=\"{}\"",
                    pause,
                    done.cause().toString());
            vertx.setTimer(pause, id -> poll());
        });
    }

    /** In order; stops at the first update that could not be recorded (it is fetched again next time). */
    private Future<Void> takeInAll(JsonArray batch) {
        Future<Void> chain = Future.succeededFuture();
        for (Object element : batch) {
            chain = chain.compose(v -> takeIn(element));
        }
        return chain;
    }

    private Future<Void> takeIn(Object element) {
        if (!running) {
            return Future.failedFuture("stopping");
        }
        Future<TelegramIntake.Taken> takenIn;
        try {
            if (!(element instanceof JsonObject update)) {
                throw new IllegalArgumentException("not a JSON object");
            }
            takenIn = intake.takeIn(json.tree(update.toBuffer()));
        } catch (IllegalArgumentException e) {
            // not an update (Telegram never sends one): nothing to record, nothing to move past
            LOG.warn("event=telegram_polling_not_an_update");
            return Future.succeededFuture();
        }
        return takenIn.map(taken -> {
            offset = Math.max(offset, taken.inbound().updateId() + 1);
            intake.answer(taken);
            return null;
        });
    }
}
