package io.manimvideo.ingress.telegram;

import io.manimvideo.ingress.chat.WebhookJson;
import io.vertx.core.buffer.Buffer;
import org.telegram.telegrambots.meta.api.objects.Update;

/** Reads a webhook body as the Bot API's {@link Update}; one without {@code update_id} is not an update. */
public final class TelegramUpdates {
  private final WebhookJson json;

  public TelegramUpdates(WebhookJson json) {
    this.json = json;
  }

  /** @throws IllegalArgumentException for anything that is not an update */
  public Update read(Buffer body) {
    Update update = json.read(body, Update.class);
    if (update.getUpdateId() == null) {
      throw new IllegalArgumentException("not a Telegram update: update_id is missing");
    }
    return update;
  }
}
