package io.manimvideo.ingress.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.manimvideo.ingress.testsupport.ApiClient;
import io.manimvideo.ingress.testsupport.RedisServerExtension;
import io.manimvideo.ingress.testsupport.SseRecorder;
import io.manimvideo.ingress.testsupport.TestIngress;
import io.manimvideo.localinfra.redis.RedisServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Clients that send too slowly, or nothing at all, cannot keep what the service has for everyone: a body that
 * trickles in gets 408 once REQUEST_READ_TIMEOUT has passed and frees its MAX_IN_FLIGHT place, and a silent
 * connection is closed after HTTP_IDLE_TIMEOUT; an event stream with no news is not silent, so it stays open.
 */
@ExtendWith(RedisServerExtension.class)
class SlowClientsTest {
    private TestIngress ingress;
    private ApiClient client;

    @BeforeEach
    void start(RedisServer redis) throws Exception {
        ingress = TestIngress.onItsOwnNamespace(
                redis, Map.of("MAX_IN_FLIGHT", "2", "HTTP_IDLE_TIMEOUT", "PT1S", "REQUEST_READ_TIMEOUT", "PT3S"));
        client = new ApiClient(ingress.baseUrl());
    }

    @AfterEach
    void stop() {
        ingress.close();
    }

    @Test
    void bodiesThatTrickleInGet408AndFreeTheirPlaces() throws Exception {
        try (Socket first = new Socket("127.0.0.1", ingress.port());
                Socket second = new Socket("127.0.0.1", ingress.port())) {
            List<CompletableFuture<String>> answers = List.of(trickleABody(first), trickleABody(second));
            // both places come to be held by bodies still arriving (a byte every 300 ms keeps them from being idle)
            await().atMost(Duration.ofSeconds(2))
                    .until(() -> client.send("POST", "/api/v1/sessions", null, "{}", Map.of())
                                    .statusCode()
                            == 503);

            for (CompletableFuture<String> answer : answers) {
                String text = answer.get();
                assertThat(text).startsWith("HTTP/1.1 408 ").containsIgnoringCase("Connection: close");
                assertThat(new JsonObject(text.substring(text.indexOf("\r\n\r\n") + 4)).getString("detail"))
                        .contains("within 3 s")
                        .contains("Nothing was recorded");
            }
            assertThat(client.send("POST", "/api/v1/sessions", null, "{}", Map.of())
                            .statusCode())
                    .isEqualTo(201);
        }
    }

    @Test
    void aConnectionThatSendsNothingIsClosed() throws Exception {
        try (Socket silent = new Socket("127.0.0.1", ingress.port())) {
            // a connection left open would make this read time out instead of seeing the close
            silent.setSoTimeout(10_000);
            assertThat(silent.getInputStream().readAllBytes()).isEmpty();
        }
    }

    @Test
    void anEventStreamWithNoNewsOutlivesTheIdleTimeout() throws Exception {
        String token = client.newSession();
        String job = client.submitProblem(token, "slow-clients-stream");
        try (SseRecorder stream = new SseRecorder(client, "/api/v1/jobs/" + job + "/events", token)) {
            assertThat(stream.response().statusCode()).isEqualTo(200);
            Thread.sleep(3_500);
            assertThat(stream.ended())
                    .as("stream closed while the job had no news")
                    .isFalse();
            assertThat(stream.statuses()).containsExactly("queued");
        }
    }

    /** Sends a POST's headers and then its body a byte every 300 ms; completes with what came back. */
    private static CompletableFuture<String> trickleABody(Socket socket) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                socket.setSoTimeout(20_000);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /api/v1/sessions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                                + "Content-Length: 200\r\n\r\n{")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread trickle = new Thread(() -> {
                    try {
                        for (int i = 0; i < 150; i++) {
                            Thread.sleep(300);
                            out.write(' ');
                            out.flush();
                        }
                    } catch (IOException | InterruptedException closed) {
                        // the server closed the connection: that is the point
                    }
                });
                trickle.setDaemon(true);
                trickle.start();
                return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
