package io.manimvideo.ingress.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import io.manimvideo.ingress.chat.WebhookJson;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * Reads one update (a webhook body, or one element of getUpdates' result, parsed) as the Bot API's {@link Update}.
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
    public long updateId(JsonNode tree) {
        JsonNode id = tree.get("update_id");
        if (id == null
                || !id.isNumber()
                || !id.canConvertToExactIntegral()
                || !id.canConvertToLong()
                || id.longValue() < 0) {
            throw new IllegalArgumentException("not a Telegram update: update_id is missing or not a number");
        }
        return id.longValue();
    }

    /**
     * Reads an update parsed into {@code tree}. Kinds of update nothing acts on (reactions, polls, channel
     * posts...) are not read further.
     *
     * @throws IllegalArgumentException for anything that is not an update
     */
    public Read read(JsonNode tree) {
        long updateId = updateId(tree);
        if (updateId <= Integer.MAX_VALUE
                && TelegramUpdateInterpreter.KINDS_USED.stream().noneMatch(tree::has)) {
            Update unused = new Update();
            unused.setUpdateId((int) updateId);
            return new Read(updateId, unused);
        }
        try {
            return new Read(updateId, json.read(tree, Update.class));
        } catch (IllegalArgumentException e) {
            return new Read(updateId, null);
        }
    }
}
