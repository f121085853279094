package io.manimvideo.local.e2e;

import io.manimvideo.api.VideoJob;
import io.manimvideo.ingress.fakes.TelegramPayloads;
import io.manimvideo.ingress.fakes.WhatsAppPayloads;
import io.manimvideo.local.WebApiClient;
import io.manimvideo.local.e2e.FaultSchedule.Channel;
import io.manimvideo.local.e2e.FaultSchedule.Content;
import io.manimvideo.local.e2e.FaultSchedule.PlannedMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Sends the fault run's messages as the platforms do when the service fails to take one: Telegram and WhatsApp
 * deliver the same update again until the webhook answers 200 (Telegram for a day, Meta for a week; here for
 * {@link #GIVE_UP}), the web page sends its submission again with the same Idempotency-Key until it is answered.
 * Each message carries a name of its own ({@link Sent#marker}) by which its VideoJob and its replies are found.
 */
final class FaultMessages {
    private static final Duration GIVE_UP = Duration.ofMinutes(6);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(2);

    /**
     * A message sent: accepted (answered 200/201) after {@code deliveries} tries at {@code acceptedAt}, or not
     * (null) when the service never took it within {@link #GIVE_UP}.
     */
    record Sent(
            PlannedMessage plan, String marker, String address, Instant sentAt, Instant acceptedAt, int deliveries) {
        boolean accepted() {
            return acceptedAt != null;
        }

        /** Whether a VideoJob is this message's (its code's scene or its problem names the marker). */
        boolean owns(VideoJob job) {
            var spec = job.getSpec();
            return (spec.getManimCode() != null && spec.getManimCode().contains(marker + "("))
                    || (spec.getProblemText() != null && spec.getProblemText().contains("(" + marker + ")"));
        }
    }

    private final EndToEndStack e2e;
    private final ChatWebhooks webhooks;
    private final WebApiClient web;
    private final long seed;
    private final Consumer<String> console;

    FaultMessages(EndToEndStack e2e, WebApiClient web, long seed, Consumer<String> console) {
        this.e2e = e2e;
        this.webhooks = new ChatWebhooks(e2e.webUrl());
        this.web = web;
        this.seed = seed;
        this.console = console;
    }

    /** A scene of half a second, named {@code name}. */
    static String tinyScene(String name) {
        return """
        from manim import *


        class %s(Scene):
            def construct(self):
                self.add(Square())
                self.wait(0.5)
        """.formatted(name);
    }

    Sent send(PlannedMessage plan) throws InterruptedException {
        String marker = "Fault" + Long.toHexString(seed & 0xffffff) + "N" + plan.index();
        String text = plan.content() == Content.CODE
                ? tinyScene(marker)
                : "Show the area of a square whose side is " + (plan.index() + 2) + " (" + marker + ")";
        if (plan.content() == Content.PROBLEM) {
            // the fake AI's answers, taken in order: one for this problem and one for a repair or a retried codegen
            e2e.ai.answer(fenced(tinyScene(marker + "Ai")), fenced(tinyScene(marker + "Ai")));
        }
        String address;
        Attempt attempt;
        switch (plan.channel()) {
            case TELEGRAM -> {
                long chat = 93_000_000L + plan.index();
                address = Long.toString(chat);
                String update = TelegramPayloads.text(
                        9_000_000L + plan.index(), chat, plan.content() == Content.CODE ? "/code\n" + text : text);
                attempt = () -> webhooks.telegram(update).statusCode() == 200;
            }
            case WHATSAPP -> {
                address = "5511" + (90_000_000L + plan.index());
                String body = WhatsAppPayloads.webhook(WhatsAppPayloads.messagesValue(WhatsAppPayloads.text(
                        "wamid.FAULT" + marker, address, plan.content() == Content.CODE ? "/code\n" + text : text)));
                attempt = () -> webhooks.whatsapp(body).statusCode() == 200;
            }
            case WEB -> {
                address = "web";
                String type = plan.content() == Content.CODE ? "direct_code" : "problem";
                attempt = () -> {
                    web.submit(type, text, "fault-" + marker);
                    return true;
                };
            }
            default -> throw new IllegalStateException(plan.channel().toString());
        }
        Instant sentAt = Instant.now();
        Instant giveUp = sentAt.plus(GIVE_UP);
        int deliveries = 0;
        while (Instant.now().isBefore(giveUp)) {
            deliveries++;
            try {
                if (attempt.accepted()) {
                    return new Sent(plan, marker, address, sentAt, Instant.now(), deliveries);
                }
            } catch (Exception e) {
                // not taken in (connection refused, 5xx, a timeout): the platform tries again
            }
            Thread.sleep(RETRY_PAUSE.toMillis());
        }
        console.accept("message " + marker + " was never accepted in " + GIVE_UP);
        return new Sent(plan, marker, address, sentAt, null, deliveries);
    }

    private static String fenced(String code) {
        return "Here is the animation:\n```python\n" + code + "```";
    }

    private interface Attempt {
        boolean accepted() throws Exception;
    }

    static boolean isChat(Channel channel) {
        return channel != Channel.WEB;
    }
}
