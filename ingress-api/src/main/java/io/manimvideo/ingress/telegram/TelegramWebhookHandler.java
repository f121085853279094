package io.manimvideo.ingress.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import io.manimvideo.api.texts.Text;
import io.manimvideo.ingress.http.ApiProblem;
import io.manimvideo.ingress.http.ContractValidator;
import io.manimvideo.ingress.http.OperationHandlers;
import io.manimvideo.ingress.intake.WebhookQueue;
import io.manimvideo.ingress.intake.WebhookWorker;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * {@code POST /webhooks/telegram}: checks the secret header (401, nothing recorded) and that the body is an update
 * (400), then puts it in the {@link WebhookQueue} and answers 200; the {@link WebhookWorker} takes it in (sessions,
 * the VideoJob, the reply) right after. So the answer waits for one Redis write, not for the API server, and
 * Telegram's next call is not held up by ours. 503 only when Redis could not record it (or the queue is full), so
 * Telegram sends it again.
 */
public final class TelegramWebhookHandler implements OperationHandlers {
    private final TelegramWebhookSecret secret;
    private final TelegramIntake intake;
    private final WebhookQueue queue;
    private final WebhookWorker worker;

    public TelegramWebhookHandler(
            TelegramWebhookSecret secret, TelegramIntake intake, WebhookQueue queue, WebhookWorker worker) {
        this.secret = secret;
        this.intake = intake;
        this.queue = queue;
        this.worker = worker;
    }

    @Override
    public Map<String, Handler<RoutingContext>> handlers() {
        return Map.of("telegramWebhook", this::handle);
    }

    private void handle(RoutingContext ctx) {
        if (!secret.matches(ctx.request().getHeader(TelegramWebhookSecret.HEADER))) {
            ctx.fail(ApiProblem.unauthorized(Text.of("problem.wrongHeader", "name", TelegramWebhookSecret.HEADER)));
            return;
        }
        // parsed and checked against the contract already
        JsonNode update = ContractValidator.body(ctx).orElseThrow();
        String chat;
        try {
            if (intake.tookIn(update)) {
                // a redelivery of what this replica took in: answered without Redis
                ctx.response().setStatusCode(200).end();
                return;
            }
            chat = intake.chatOf(update);
        } catch (IllegalArgumentException e) {
            ctx.fail(ApiProblem.badRequest(Text.of("problem.notTelegramUpdate")));
            return;
        }
        queue.append(chat, ctx.body().buffer()).onComplete(queued -> {
            if (queued.failed()) {
                ctx.fail(queued.cause());
                return;
            }
            ctx.response().setStatusCode(200).end();
            worker.wake();
        });
    }
}
