package io.manimvideo.ingress.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.manimvideo.ingress.testsupport.ApiClient;
import io.manimvideo.ingress.testsupport.KubernetesApi;
import io.manimvideo.ingress.testsupport.TestIngress;
import io.manimvideo.localinfra.redis.RedisSentinelGroup;
import io.manimvideo.localinfra.redis.RedisServer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions survive the loss of the Redis primary: the ingress finds Redis through Sentinel (real redis-servers: a
 * primary, a replica, three Sentinels), a SIGKILLed primary is replaced by the replica, the ingress writes again
 * within 10 s, and nothing it answered 2xx is gone afterwards; in between it answers 503 "nothing was recorded,
 * retry".
 */
class RedisFailoverTest {
    private static final Logger LOG = LoggerFactory.getLogger(RedisFailoverTest.class);
    /** The bound for a replica to take over, counted from the SIGKILL to the first write accepted again. */
    private static final Duration TAKEOVER = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private RedisSentinelGroup redis;
    private KubernetesApi api;
    private TestIngress ingress;
    private ApiClient client;
    private Traffic traffic;

    @BeforeEach
    void startRedisAndIngress() throws Exception {
        redis = RedisSentinelGroup.start("redis-server", dir);
        api = new KubernetesApi();
        ingress = TestIngress.withRedis(sentinelEnv(redis), api, unlimited());
        client = new ApiClient(ingress.baseUrl());
        traffic = new Traffic(client);
    }

    @AfterEach
    void stop() {
        Stream.<AutoCloseable>of(ingress, api, redis).filter(Objects::nonNull).forEach(part -> {
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("event=close_failed part={} cause=\"{}\"", part, e.toString());
            }
        });
    }

    @Test
    void aReplicaTakesOverWithinTenSecondsAndNoAcceptedMessageIsLost() throws Exception {
        Thread sender = new Thread(traffic::run, "failover-traffic");
        sender.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> traffic.accepted() >= 10);
            RedisServer primary = redis.primary();
            primary.kill();
            long killed = System.nanoTime();
            int acceptedBefore = traffic.accepted();
            traffic.markKill();
            await().atMost(TAKEOVER).until(traffic::acceptedAfterKill);
            LOG.info(
                    "event=redis_failover_measured takeover_ms={} accepted_before={}",
                    Duration.ofNanos(traffic.firstAcceptedAfterKill() - killed).toMillis(),
                    acceptedBefore);
            assertThat(redis.primary()).as("the replica was promoted").isNotSameAs(primary);
            int now = traffic.accepted();
            await().atMost(Duration.ofSeconds(30)).until(() -> traffic.accepted() >= now + 10);
        } finally {
            traffic.stop();
            sender.join();
        }
        assertThat(traffic.refusedDuringFailover())
                .as("some requests met the failover (else it proves nothing)")
                .isPositive();
        traffic.assertNothingAcceptedWasLost();
    }

    @Test
    void aSubmissionIsAcceptedOnlyOnceTheReplicaHasIt() throws Exception {
        String token = traffic.newSession();
        assertThat(token).as("a session is made while all is well").isNotNull();
        assertThat(traffic.submit(token, "before-partition")).isEqualTo(201);
        RedisServer primary = redis.nodes().get(0);
        List<RedisServer> replicas = redis.nodes().subList(1, 3);
        // the replicas are cut off (a network partition): stalled, and the primary drops its connections to them,
        // so nothing it writes next reaches them
        replicas.forEach(RedisServer::pause);
        assertThat(primary.command("CLIENT KILL TYPE replica")).isEqualTo(":2");
        int during;
        try {
            during = traffic.submit(token, "during-partition");
            primary.kill();
        } finally {
            replicas.forEach(RedisServer::resume);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> redis.primary() != primary);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> assertThat(client.get("/readyz", null).body()).contains("\"ok\""));
        traffic.assertNothingAcceptedWasLost();
        assertThat(during)
                .as("only the primary had it: the person is asked to retry, not told it was accepted")
                .isEqualTo(503);
        // 200: the job itself was made before Redis was asked, so the retry finds it
        await().atMost(Duration.ofSeconds(10)).until(() -> traffic.submit(token, "during-partition") / 100 == 2);
        traffic.assertNothingAcceptedWasLost();
    }

    private static Map<String, String> sentinelEnv(RedisSentinelGroup redis) {
        return Map.of(
                "REDIS_SENTINELS",
                redis.sentinelHosts(),
                "REDIS_SENTINEL_MASTER",
                RedisSentinelGroup.MASTER_NAME,
                "REDIS_PASSWORD",
                redis.password());
    }

    /** Many submissions per session: the rate limit is not what these tests are about. */
    private static Map<String, String> unlimited() {
        return Map.of("RATE_LIMIT_PER_HOUR", "1000000", "RATE_LIMIT_BURST", "1000000");
    }

    /**
     * A person's traffic, one request at a time: new web sessions and problem submissions (a new session every
     * few). It remembers what was answered 2xx (sessions and jobs) and anything answered other than 2xx or a 503
     * problem that says to retry.
     */
    private static final class Traffic {
        private final ApiClient client;
        /** Session token → the ids of the jobs accepted in it. */
        private final Map<String, List<String>> accepted = new ConcurrentHashMap<>();

        private final List<String> unexpected = new CopyOnWriteArrayList<>();
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final AtomicInteger acceptedJobs = new AtomicInteger();
        private final AtomicInteger refused = new AtomicInteger();
        private volatile long killedAt;
        private volatile long firstAcceptedAfterKill;
        private int sequence;

        Traffic(ApiClient client) {
            this.client = client;
        }

        void run() {
            String token = null;
            while (!stopped.get()) {
                try {
                    if (token == null || sequence % 4 == 0) {
                        String made = newSession();
                        token = made != null ? made : token;
                    }
                    if (token != null) {
                        submit(token, "message-" + sequence);
                    }
                } catch (Exception e) {
                    unexpected.add(e.toString());
                }
                sequence++;
            }
        }

        /** A new web session's token, or null when it was refused (503). */
        String newSession() throws Exception {
            long sent = System.nanoTime();
            HttpResponse<String> response = client.send("POST", "/api/v1/sessions", null, "{}", Map.of());
            if (answered(response, sent)) {
                String token = new JsonObject(response.body()).getString("session_token");
                accepted.putIfAbsent(token, new CopyOnWriteArrayList<>());
                return token;
            }
            return null;
        }

        /** Submits a problem; returns the status. */
        int submit(String token, String idempotencyKey) throws Exception {
            long sent = System.nanoTime();
            HttpResponse<String> response = client.postProblem(token, "Explain " + idempotencyKey, idempotencyKey);
            if (answered(response, sent)) {
                List<String> jobs = accepted.computeIfAbsent(token, t -> new CopyOnWriteArrayList<>());
                String job = new JsonObject(response.body()).getString("job_id");
                if (!jobs.contains(job)) {
                    jobs.add(job);
                }
                acceptedJobs.incrementAndGet();
            }
            return response.statusCode();
        }

        /** True for a 2xx; a 503 must say nothing was recorded; anything else is noted as unexpected. */
        private boolean answered(HttpResponse<String> response, long sent) {
            int status = response.statusCode();
            if (status / 100 == 2) {
                if (killedAt != 0 && sent > killedAt && firstAcceptedAfterKill == 0) {
                    firstAcceptedAfterKill = System.nanoTime();
                }
                return true;
            }
            if (status == 503
                    && response.headers().firstValue("Content-Type").orElse("").equals("application/problem+json")
                    && response.headers().firstValue("Retry-After").isPresent()
                    && new JsonObject(response.body()).getString("detail").contains("retry")) {
                refused.incrementAndGet();
                return false;
            }
            unexpected.add(status + " " + response.body());
            return false;
        }

        void markKill() {
            killedAt = System.nanoTime();
        }

        boolean acceptedAfterKill() {
            return firstAcceptedAfterKill != 0;
        }

        long firstAcceptedAfterKill() {
            return firstAcceptedAfterKill;
        }

        int accepted() {
            return acceptedJobs.get();
        }

        int refusedDuringFailover() {
            return refused.get();
        }

        void stop() {
            stopped.set(true);
        }

        /**
         * Every session handed out still opens, and every job accepted in it is in its history (both live only in
         * Redis).
         */
        void assertNothingAcceptedWasLost() throws Exception {
            assertThat(unexpected).as("answers other than 2xx or 503 retry").isEmpty();
            List<String> lost = new ArrayList<>();
            for (var session : accepted.entrySet()) {
                HttpResponse<String> history = client.get("/api/v1/jobs", session.getKey());
                if (history.statusCode() != 200) {
                    lost.add("session answered " + history.statusCode() + " with "
                            + session.getValue().size() + " accepted jobs");
                    continue;
                }
                List<String> listed = new JsonObject(history.body())
                        .getJsonArray("items").stream()
                                .map(item -> ((JsonObject) item).getString("job_id"))
                                .toList();
                session.getValue().stream().filter(job -> !listed.contains(job)).forEach(job -> lost.add("job " + job));
            }
            assertThat(lost)
                    .as("accepted (2xx) but gone after the failover, of %d sessions", accepted.size())
                    .isEmpty();
        }
    }
}
