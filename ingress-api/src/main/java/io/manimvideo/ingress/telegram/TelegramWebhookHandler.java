package io.manimvideo.ingress.telegram;

import io.manimvideo.api.texts.Text;
import io.manimvideo.ingress.http.ApiProblem;
import io.manimvideo.ingress.http.ContractValidator;
import io.manimvideo.ingress.http.OperationHandlers;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * {@code POST /webhooks/telegram}: checks the secret header (401, nothing recorded), reads the update,
 * takes it in through {@link TelegramIntake} and answers 200 once it is recorded; replies go out after
 * the answer. 5xx only when Redis or the API server could not take the update in, so Telegram redelivers.
 */
public final class TelegramWebhookHandler implements OperationHandlers {
    private final TelegramWebhookSecret secret;
    private final TelegramIntake intake;

    public TelegramWebhookHandler(TelegramWebhookSecret secret, TelegramIntake intake) {
        this.secret = secret;
        this.intake = intake;
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
        Future<TelegramIntake.Taken> takenIn;
        try {
            // parsed and checked against the contract already
            takenIn = intake.takeIn(ContractValidator.body(ctx).orElseThrow());
        } catch (IllegalArgumentException e) {
            ctx.fail(ApiProblem.badRequest(Text.of("problem.notTelegramUpdate")));
            return;
        }
        takenIn.onComplete(taken -> {
            if (taken.failed()) {
                ctx.fail(taken.cause());
                return;
            }
            ctx.response().setStatusCode(200).end();
            intake.answer(taken.result());
        });
    }
}
