package io.manimvideo.ingress.telegram;

import io.manimvideo.api.Platform;
import io.manimvideo.ingress.chat.ChatAnswer;
import io.manimvideo.ingress.chat.ChatConversation;
import io.manimvideo.ingress.chat.ChatInput;
import io.manimvideo.ingress.chat.ChatTurn;
import io.manimvideo.ingress.http.ApiProblem;
import io.manimvideo.ingress.http.OperationHandlers;
import io.manimvideo.ingress.session.Masking;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /webhooks/telegram}: checks the secret header (401, nothing recorded), reads the update,
 * takes it in through {@link ChatConversation} and answers 200 once it is recorded; replies go out after
 * the answer. 5xx only when Redis or the API server could not take the update in, so Telegram redelivers.
 */
public final class TelegramWebhookHandler implements OperationHandlers {
  private static final Logger LOG = LoggerFactory.getLogger(TelegramWebhookHandler.class);

  private final TelegramWebhookSecret secret;
  private final TelegramUpdates updates;
  private final TelegramUpdateInterpreter interpreter;
  private final ChatConversation conversation;
  private final TelegramReplies replies;

  public TelegramWebhookHandler(TelegramWebhookSecret secret, TelegramUpdates updates,
      TelegramUpdateInterpreter interpreter, ChatConversation conversation, TelegramReplies replies) {
    this.secret = secret;
    this.updates = updates;
    this.interpreter = interpreter;
    this.conversation = conversation;
    this.replies = replies;
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
      update = updates.read(ctx.body().buffer());
    } catch (IllegalArgumentException e) {
      ctx.fail(ApiProblem.badRequest("The body is not a Telegram update."));
      return;
    }
    TelegramInbound inbound = interpreter.interpret(update);
    takeIn(inbound).onComplete(taken -> {
      if (taken.failed()) {
        LOG.warn("event=telegram_update_not_taken_in update={} cause=\"{}\"", inbound.updateId(), taken.cause().toString());
        ctx.fail(taken.cause());
        return;
      }
      ctx.response().setStatusCode(200).end();
      replies.send(inbound, taken.result());
    });
  }

  private Future<ChatAnswer> takeIn(TelegramInbound inbound) {
    if (inbound.chatId() == null) {
      return Future.succeededFuture(ChatAnswer.SILENT);
    }
    ChatInput input = inbound.input();
    LOG.info("event=telegram_update update={} chat={} input={}", inbound.updateId(),
        Masking.address(inbound.chatId().toString()), input.getClass().getSimpleName());
    return conversation.handle(new ChatTurn(Platform.TELEGRAM, inbound.chatId().toString(),
        Long.toString(inbound.updateId()), inbound.languageCode(), input));
  }
}
