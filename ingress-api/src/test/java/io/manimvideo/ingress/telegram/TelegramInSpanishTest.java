package io.manimvideo.ingress.telegram;

import static io.manimvideo.ingress.chat.BotTestEnvironment.TELEGRAM_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.manimvideo.api.ErrorInfo;
import io.manimvideo.api.FailureReason;
import io.manimvideo.api.Phase;
import io.manimvideo.ingress.chat.BotTestEnvironment;
import io.manimvideo.ingress.fakes.FakeTelegramBotApi;
import io.manimvideo.ingress.fakes.TelegramPayloads;
import io.manimvideo.ingress.testsupport.RedisServerExtension;
import io.manimvideo.localinfra.redis.RedisServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A person whose Telegram client is set to Spanish is answered in Spanish, from the first reply to the failure
 * notification, until they choose another language with /language.
 */
@ExtendWith(RedisServerExtension.class)
class TelegramInSpanishTest {
    private static final long CHAT = 6660001L;
    private static final Duration WAIT = Duration.ofSeconds(15);

    private BotTestEnvironment env;

    @BeforeEach
    void start(RedisServer redis) throws Exception {
        env = new BotTestEnvironment(redis);
    }

    @AfterEach
    void stop() throws Exception {
        env.close();
    }

    private String send(long updateId, String text) throws Exception {
        int before = env.telegramRepliesTo(CHAT).size();
        env.postTelegram(TELEGRAM_SECRET, TelegramPayloads.textIn(updateId, CHAT, text, "es"));
        await().atMost(WAIT).until(() -> env.telegramRepliesTo(CHAT).size() > before);
        return env.telegramRepliesTo(CHAT).get(before);
    }

    @Test
    void everyReplyAndTheFailureAreInSpanishUntilAnotherLanguageIsChosen() throws Exception {
        assertThat(send(800001, "/help")).startsWith("Cómo usarme:").contains("/language <etiqueta>");
        assertThat(send(800002, "hola"))
                .startsWith("Un problema debe tener de 10 a ")
                .contains("4 caracteres");
        assertThat(send(800003, "muestra por qué la derivada de x^2 es 2x"))
                .isEqualTo("¡Recibido! Tu vídeo está en la cola.");

        env.telegram.reset();
        env.setStatus("tg-800003", s -> {
            s.setPhase(Phase.FAILED);
            s.setLastError(new ErrorInfo(FailureReason.RENDER_ERROR, 7, null, 2)
                    .withDetail("NameError: name 'Circel' is not defined"));
        });
        await().atMost(WAIT).until(() -> !env.telegram.requests("sendMessage").isEmpty());
        FakeTelegramBotApi.Request failure =
                env.telegram.requests("sendMessage").get(0);
        assertThat(failure.field("text"))
                .isEqualTo("Lo siento, no se pudo hacer el vídeo: Manim se detuvo con un error al ejecutar el código"
                        + " (línea 7): NameError: name 'Circel' is not defined.");
        assertThat(failure.json().getJsonObject("reply_markup").encode()).contains("Reintentar");
        await().atMost(WAIT)
                .until(() -> env.telegram.requests("editMessageText").stream()
                        .anyMatch(r -> "No se pudo hacer el vídeo.".equals(r.field("text"))));

        // an explanation longer than the job allows: the length needed, in Spanish, and no "Try again" that would
        // end the same way
        assertThat(send(800006, "demuestra el teorema de Pitágoras")).isEqualTo("¡Recibido! Tu vídeo está en la cola.");
        env.telegram.reset();
        env.setStatus("tg-800006", s -> {
            s.setPhase(Phase.FAILED);
            s.setLastError(ErrorInfo.of(FailureReason.EXPLANATION_TOO_LONG, 1)
                    .withName("codegen")
                    .withLimit(68L));
        });
        await().atMost(WAIT).until(() -> !env.telegram.requests("sendMessage").isEmpty());
        FakeTelegramBotApi.Request tooLong =
                env.telegram.requests("sendMessage").get(0);
        assertThat(tooLong.field("text"))
                .startsWith("Lo siento, no se pudo hacer el vídeo: Explicado paso a paso, este problema necesita un"
                        + " vídeo de al menos 68 segundos")
                .contains("Envía el problema por partes");
        assertThat(tooLong.json().encode()).doesNotContain("Reintentar");

        // a failure of the system's own (no AI provider could write the scene): the Spanish sentence alone; the
        // step's English words are for kubectl, not read in the middle of a Spanish sentence
        assertThat(send(800007, "muestra la integral de x^2 entre 0 y 1"))
                .isEqualTo("¡Recibido! Tu vídeo está en la cola.");
        env.telegram.reset();
        env.setStatus("tg-800007", s -> {
            s.setPhase(Phase.FAILED);
            s.setLastError(ErrorInfo.of(FailureReason.PROVIDER_ERROR, 1)
                    .withName("codegen")
                    .withDetail("No AI provider could write the scene, and the fallback scene could not be prepared."));
        });
        await().atMost(WAIT).until(() -> !env.telegram.requests("sendMessage").isEmpty());
        assertThat(env.telegram.requests("sendMessage").get(0).field("text"))
                .isEqualTo("Lo siento, no se pudo hacer el vídeo: Ningún servicio de IA pudo escribir la animación.")
                .doesNotContain("provider");

        // the language of the session, not of the client, decides from now on
        assertThat(send(800004, "/language de"))
                .isEqualTo("Erledigt: Meine Antworten und der Text in deinen nächsten Videos sind auf de.");
        List<String> replies = env.telegramRepliesTo(CHAT);
        assertThat(send(800005, "/help")).startsWith("So benutzt du mich:");
        assertThat(replies).noneMatch(r -> r.startsWith("How to use me"));
    }
}
