package io.manimvideo.ingress.telegram;

import io.manimvideo.ingress.http.ApiProblem;
import io.manimvideo.ingress.http.OperationHandlers;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.ValidatedRequest;
import java.util.Map;

/**
 * {@code POST /webhooks/telegram}: checks the secret header (401, nothing recorded), reads the update,
 * takes it in through {@link TelegramIntake} and answers 200 once it is recorded; replies go out after
 * the answer. 5xx only when Redis or the API server could not take the update in, so Telegram redelivers.
 */
public final class TelegramWebhookHandler implements OperationHandlers {
    private final TelegramWebhookSecret secret;
    private final TelegramUpdates updates;
    private final TelegramIntake intake;

    public TelegramWebhookHandler(TelegramWebhookSecret secret, TelegramUpdates updates, TelegramIntake intake) {
        this.secret = secret;
        this.updates = updates;
        this.intake = intake;
    }

    @Override
    public Map<String, Handler<RoutingContext>> handlers() {
        return Map.of("telegramWebhook", this::handle);
    }

    private void handle(RoutingContext ctx) {
        if (!secret.matches(ctx.request().getHeader(TelegramWebhookSecret.HEADER))) {
            ctx.fail(ApiProblem.unauthorized("Wrong or missing " + TelegramWebhookSecret.HEADER + "."));
            return;
        }
        TelegramUpdates.Read update;
        try {
            ValidatedRequest validated = ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
            // the contract validation has parsed the body already (and checked that it is an object)
            update = validated != null && validated.getBody().get() instanceof JsonObject tree
                    ? updates.read(tree, ctx.body().buffer())
                    : updates.read(ctx.body().buffer());
        } catch (IllegalArgumentException e) {
            ctx.fail(ApiProblem.badRequest("The body is not a Telegram update."));
            return;
        }
        intake.takeIn(update).onComplete(taken -> {
            if (taken.failed()) {
                ctx.fail(taken.cause());
                return;
            }
            ctx.response().setStatusCode(200).end();
            intake.answer(taken.result());
        });
    }
}
