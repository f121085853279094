package io.manimvideo.ingress.whatsapp;

import io.manimvideo.ingress.chat.ChatAnswer;
import io.manimvideo.ingress.session.Masking;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends the answer to a message after the webhook was acknowledged; failures are recorded, not retried. */
public final class WhatsAppReplies {
    private static final Logger LOG = LoggerFactory.getLogger(WhatsAppReplies.class);

    private final WhatsAppCloudClient client;

    public WhatsAppReplies(WhatsAppCloudClient client) {
        this.client = client;
    }

    public Future<Void> send(String waId, ChatAnswer answer) {
        if (!answer.hasText()) {
            return Future.succeededFuture();
        }
        return client.sendText(WhatsAppAddresses.toWaId(waId), answer.text())
                .onFailure(failure -> LOG.warn(
                        "event=whatsapp_reply_failed to={} cause=\"{}\"", Masking.address(waId), failure.toString()))
                .mapEmpty();
    }
}
