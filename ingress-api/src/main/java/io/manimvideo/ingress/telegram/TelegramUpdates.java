package io.manimvideo.ingress.telegram;

import io.manimvideo.ingress.chat.WebhookJson;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * Reads one update (a webhook body, or one element of getUpdates' result) as the Bot API's {@link Update}.
 * Something without a numeric {@code update_id} is not an update (400). An update whose other fields do not
 * have the Bot API's shapes is still an update: it is acknowledged and ignored, since answering it with an
 * error would only make Telegram deliver it again and again.
 */
public final class TelegramUpdates {
    /** An update as read: {@code update} is null when its content could not be read. */
    public record Read(long updateId, Update update) {
        public boolean readable() {
            return update != null;
        }
    }

    private final WebhookJson json;

    public TelegramUpdates(WebhookJson json) {
        this.json = json;
    }

    /** @throws IllegalArgumentException for anything that is not an update */
    public Read read(Buffer body) {
        JsonObject tree;
        try {
            tree = body.toJsonObject();
        } catch (DecodeException | ClassCastException e) {
            throw new IllegalArgumentException("not a JSON object", e);
        }
        return read(tree, body);
    }

    /**
     * As {@link #read(Buffer)}, for a body already parsed into {@code tree} (the webhook's contract validation
     * parses it). Kinds of update nothing acts on (reactions, polls, channel posts...) are not read further.
     *
     * @throws IllegalArgumentException for anything that is not an update
     */
    public Read read(JsonObject tree, Buffer body) {
        if (!(tree.getValue("update_id") instanceof Number id)
                || id.longValue() < 0
                || id.doubleValue() != Math.rint(id.doubleValue())) {
            throw new IllegalArgumentException("not a Telegram update: update_id is missing or not a number");
        }
        if (id.longValue() <= Integer.MAX_VALUE
                && TelegramUpdateInterpreter.KINDS_USED.stream().noneMatch(tree::containsKey)) {
            Update unused = new Update();
            unused.setUpdateId(id.intValue());
            return new Read(id.longValue(), unused);
        }
        try {
            return new Read(id.longValue(), json.read(body, Update.class));
        } catch (IllegalArgumentException e) {
            return new Read(id.longValue(), null);
        }
    }
}
