package io.manimvideo.ingress.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.manimvideo.api.Phase;
import io.manimvideo.api.VideoFacts;
import io.manimvideo.ingress.redis.RedisKeys;
import io.manimvideo.ingress.testsupport.ApiClient;
import io.manimvideo.ingress.testsupport.KubernetesApi;
import io.manimvideo.ingress.testsupport.RedisServerExtension;
import io.manimvideo.ingress.testsupport.RenderedVideos;
import io.manimvideo.ingress.testsupport.SseRecorder;
import io.manimvideo.ingress.testsupport.TestIngress;
import io.manimvideo.localinfra.redis.RedisServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisServerExtension.class)
class NotificationTest {
    private KubernetesApi api;

    @BeforeEach
    void startApi() throws Exception {
        api = new KubernetesApi();
    }

    @AfterEach
    void stopApi() {
        api.close();
    }

    @Test
    void eventStreamShowsEachPhaseInOrderAsTheStatusMoves(RedisServer redis) throws Exception {
        try (TestIngress ingress = new TestIngress(redis, api)) {
            ApiClient client = new ApiClient(ingress.baseUrl());
            String token = client.newSession();
            String jobId = submit(client, token, "events-in-order");
            try (SseRecorder sse = new SseRecorder(client, "/api/v1/jobs/" + jobId + "/events", token)) {
                assertThat(sse.response().statusCode()).isEqualTo(200);
                assertThat(sse.response().headers().firstValue("Content-Type"))
                        .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
                await().until(() -> sse.statuses().contains("queued"));

                moveTo(jobId, Phase.AI_GENERATING, s -> {});
                await().until(() -> sse.statuses().contains("ai_generating"));
                moveTo(jobId, Phase.RENDERING, s -> s.setProgress(10));
                await().until(() -> sse.statuses().contains("rendering"));
                moveTo(jobId, Phase.UPLOADING, s -> s.setProgress(100));
                await().until(() -> sse.statuses().contains("uploading"));
                moveTo(jobId, Phase.READY, s -> s.setVideo(RenderedVideos.of(jobId)));
                // the stream ends after ready, with a final event that says so: nobody waits for the delivery
                await().until(sse::ended);

                assertThat(sse.statuses())
                        .containsExactly("queued", "ai_generating", "rendering", "uploading", "ready");
                JsonObject ready = sse.events().get(4);
                assertThat(ready.getString("video_url")).isEqualTo("/api/v1/jobs/" + jobId + "/video");
                assertThat(ready.getString("description")).isNotBlank();
                assertThat(sse.ends()).singleElement().satisfies(end -> {
                    assertThat(end.getString("status")).isEqualTo("ready");
                    assertThat(end.getBoolean("final")).isTrue();
                });
            }
            moveTo(jobId, Phase.DELIVERED, s -> {});
            await().until(() -> "delivered"
                    .equals(new JsonObject(client.get("/api/v1/jobs", token).body())
                            .getJsonArray("items")
                            .getJsonObject(0)
                            .getString("status")));
            // a stream opened on a finished job says where it stands and ends at once
            try (SseRecorder late = new SseRecorder(client, "/api/v1/jobs/" + jobId + "/events", token)) {
                await().until(late::ended);
                assertThat(late.statuses()).containsExactly("delivered");
                assertThat(late.ends())
                        .singleElement()
                        .satisfies(end -> assertThat(end.getString("status")).isEqualTo("delivered"));
            }
            assertThat(new JsonObject(client.get("/api/v1/session", token).body()).getInteger("successful_generations"))
                    .isEqualTo(1);
        }
    }

    @Test
    void aJobThatWaitsForARenderSlotAgainIsStillFollowedToReady(RedisServer redis) throws Exception {
        try (TestIngress ingress = new TestIngress(redis, api)) {
            ApiClient client = new ApiClient(ingress.baseUrl());
            String token = client.newSession();
            String jobId = submit(client, token, "back-to-queued");
            try (SseRecorder sse = new SseRecorder(client, "/api/v1/jobs/" + jobId + "/events", token)) {
                await().until(() -> sse.statuses().contains("queued"));
                moveTo(jobId, Phase.AI_GENERATING, s -> {});
                moveTo(jobId, Phase.CODE_VALIDATING, s -> {});
                await().until(() -> sse.statuses().contains("code_validating"));
                // the ingress watches only jobs past Queued: this one leaves its watch and comes back
                moveTo(jobId, Phase.QUEUED, s -> s.setQueuePosition(1));
                moveTo(jobId, Phase.RENDERING, s -> s.setProgress(10));
                await().until(() -> sse.statuses().contains("rendering"));
                moveTo(jobId, Phase.UPLOADING, s -> s.setProgress(100));
                moveTo(jobId, Phase.READY, s -> s.setVideo(RenderedVideos.of(jobId)));
                await().until(sse::ended);
                assertThat(sse.statuses())
                        .containsExactly(
                                "queued", "ai_generating", "code_validating", "rendering", "uploading", "ready");
            }
        }
    }

    @Test
    void twoReplicasNotifyOncePerTransition(RedisServer redis) throws Exception {
        Vertx vertx = Vertx.vertx();
        Redis subscriber = Redis.createClient(vertx, redis.url());
        List<JsonObject> published = new CopyOnWriteArrayList<>();
        RedisConnection connection = subscriber.connect().await(5, TimeUnit.SECONDS);
        connection.handler(message -> {
            if (message.size() == 3 && "message".equals(message.get(0).toString())) {
                published.add(new JsonObject(message.get(2).toString()));
            }
        });
        connection
                .send(Request.cmd(Command.SUBSCRIBE).arg(RedisKeys.WEB_EVENTS_CHANNEL))
                .await(5, TimeUnit.SECONDS);
        try (TestIngress first = new TestIngress(redis, api);
                TestIngress second = new TestIngress(redis, api)) {
            ApiClient viaFirst = new ApiClient(first.baseUrl());
            ApiClient viaSecond = new ApiClient(second.baseUrl());
            String token = viaFirst.newSession();
            String jobId = submit(viaSecond, token, "two-replicas");
            try (SseRecorder sse = new SseRecorder(viaFirst, "/api/v1/jobs/" + jobId + "/events", token)) {
                await().until(() -> sse.statuses().contains("queued"));
                for (Phase phase : List.of(Phase.AI_GENERATING, Phase.RENDERING, Phase.UPLOADING, Phase.READY)) {
                    moveTo(jobId, phase, s -> s.setVideo(phase == Phase.READY ? RenderedVideos.of(jobId) : null));
                    await().until(() -> sse.statuses().contains(phase.wireName()));
                }
                // both informers have seen every change by now; give a duplicate time to show up
                Thread.sleep(1500);
                assertThat(sse.statuses())
                        .containsExactly("queued", "ai_generating", "rendering", "uploading", "ready");
            }
            List<String> phases = published.stream()
                    .filter(m -> jobId.equals(m.getString("job")))
                    .map(m -> m.getJsonObject("status").getString("status"))
                    .toList();
            // once per transition; the order across replicas is not guaranteed (receivers keep the highest order).
            // Queued is not published: a stream's first event says it (the POST's answer already did)
            assertThat(phases).containsExactlyInAnyOrder("ai_generating", "rendering", "uploading", "ready");
        } finally {
            connection.close();
            subscriber.close();
            vertx.close().await(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void historyFlagsSayWhatTheVideoHasNotWhatWasAskedFor(RedisServer redis) throws Exception {
        try (TestIngress ingress = new TestIngress(redis, api)) {
            ApiClient client = new ApiClient(ingress.baseUrl());
            String token = client.newSession();
            String plain = submit(client, token, "history-plain");
            String narrated = submit(client, token, "history-narrated");
            // nothing rendered yet: no narration, no transcript; the page's player is keyboard navigable
            assertThat(historyEntry(client, token, narrated).getBoolean("has_audio_description"))
                    .isFalse();
            assertThat(historyEntry(client, token, narrated).getBoolean("screen_reader_friendly"))
                    .isFalse();
            assertThat(historyEntry(client, token, narrated).getBoolean("keyboard_navigable"))
                    .isTrue();

            moveTo(plain, Phase.READY, s -> s.setVideo(RenderedVideos.of(plain)));
            moveTo(narrated, Phase.READY, s -> {
                VideoFacts video = RenderedVideos.of(narrated);
                video.setCaptionsKey("videojobs/videos/" + narrated + "/uid/captions.vtt");
                video.setTranscriptKey("videojobs/videos/" + narrated + "/uid/transcript.txt");
                video.setNarrated(true);
                s.setVideo(video);
            });
            await().until(() ->
                    "ready".equals(historyEntry(client, token, narrated).getString("status"))
                            && "ready".equals(historyEntry(client, token, plain).getString("status")));
            JsonObject withAll = historyEntry(client, token, narrated);
            assertThat(withAll.getBoolean("has_audio_description")).isTrue();
            assertThat(withAll.getBoolean("screen_reader_friendly")).isTrue();
            assertThat(withAll.getBoolean("keyboard_navigable")).isTrue();
            JsonObject silent = historyEntry(client, token, plain);
            assertThat(silent.getBoolean("has_audio_description")).isFalse();
            assertThat(silent.getBoolean("screen_reader_friendly")).isFalse();
            // the page's text description says the same
            assertThat(new JsonObject(client.get("/api/v1/jobs/" + narrated, token)
                                    .body())
                            .getString("description"))
                    .contains("A voice reads each step aloud.")
                    .contains("Captions and a transcript are available.");
            assertThat(new JsonObject(client.get("/api/v1/jobs/" + plain, token).body()).getString("description"))
                    .contains("The video has no sound.")
                    .doesNotContain("transcript");
        }
    }

    private static JsonObject historyEntry(ApiClient client, String token, String jobId) throws Exception {
        var items = new JsonObject(client.get("/api/v1/jobs", token).body()).getJsonArray("items");
        for (int i = 0; i < items.size(); i++) {
            if (jobId.equals(items.getJsonObject(i).getString("job_id"))) {
                return items.getJsonObject(i);
            }
        }
        throw new AssertionError("no history entry for " + jobId);
    }

    private String submit(ApiClient client, String token, String key) throws Exception {
        return client.submitProblem(token, key + "-idempotency");
    }

    private void moveTo(String jobId, Phase phase, Consumer<io.manimvideo.api.VideoJobStatus> more) {
        api.writeStatus(jobId, status -> {
            status.setPhase(phase);
            more.accept(status);
        });
    }

    static {
        org.awaitility.Awaitility.setDefaultTimeout(Duration.ofSeconds(20));
    }
}
