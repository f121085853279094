package io.manimvideo.localinfra.redis;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A highly available Redis as a managed one or an in-cluster chart would run it, all real {@code redis-server}s on
 * loopback: a primary, two replicas of it (so one is left to confirm writes when the other is promoted), and three
 * Sentinels (quorum 2) that notice a primary down after a second and promote a replica. Every node and Sentinel asks for the same random password. Each keeps its files in its
 * own directory under the one given.
 */
public final class RedisSentinelGroup implements AutoCloseable {
    /** The name the Sentinels monitor the primary under. */
    public static final String MASTER_NAME = "manim";

    private static final Duration DOWN_AFTER = Duration.ofSeconds(1);

    private final String password;
    private final List<RedisServer> nodes;
    private final List<RedisServer> sentinels;

    private RedisSentinelGroup(String password, List<RedisServer> nodes, List<RedisServer> sentinels) {
        this.password = password;
        this.nodes = nodes;
        this.sentinels = sentinels;
    }

    /** Starts the group and returns once the Sentinels know the primary and its replicas. */
    public static RedisSentinelGroup start(String executable, Path dir) {
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        String password = HexFormat.of().formatHex(random);
        List<RedisServer> nodes = new ArrayList<>();
        List<RedisServer> sentinels = new ArrayList<>();
        var group = new RedisSentinelGroup(password, nodes, sentinels);
        try {
            // masterauth on both: the primary becomes a replica of the promoted one if it comes back
            List<String> auth = List.of("masterauth " + password);
            RedisServer primary = node(executable, dir.resolve("primary"), password, auth);
            nodes.add(primary);
            for (int i = 1; i <= 2; i++) {
                nodes.add(node(
                        executable,
                        dir.resolve("replica-" + i),
                        password,
                        Stream.concat(auth.stream(), Stream.of("replicaof 127.0.0.1 " + primary.port()))
                                .toList()));
            }
            for (int i = 1; i <= 3; i++) {
                sentinels.add(RedisServer.start(
                        executable,
                        dir.resolve("sentinel-" + i).resolve("redis.log"),
                        "127.0.0.1",
                        Optional.of(password),
                        List.of(
                                "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + primary.port() + " 2",
                                "sentinel auth-pass " + MASTER_NAME + " " + password,
                                "sentinel down-after-milliseconds " + MASTER_NAME + " " + DOWN_AFTER.toMillis(),
                                "sentinel failover-timeout " + MASTER_NAME + " 3000"),
                        List.of("--sentinel")));
            }
            group.awaitSentinelsKnowTheReplicas();
            return group;
        } catch (RuntimeException | Error e) {
            group.close();
            throw e;
        }
    }

    private static RedisServer node(String executable, Path dir, String password, List<String> config) {
        return RedisServer.start(
                executable, dir.resolve("redis.log"), "127.0.0.1", Optional.of(password), config, List.of());
    }

    /** A Sentinel learns replicas from the primary's INFO; until then it has none to promote. */
    private void awaitSentinelsKnowTheReplicas() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (sentinels.stream().allMatch(this::knowsTheReplicas)) {
                return;
            }
            sleep(Duration.ofMillis(100));
        }
        throw new IllegalStateException("the Sentinels did not learn of the replicas within 30 s");
    }

    private boolean knowsTheReplicas(RedisServer sentinel) {
        try {
            List<String> replicas = sentinel.reply("SENTINEL REPLICAS " + MASTER_NAME);
            long linked = IntStream.range(0, replicas.size() - 1)
                    .filter(i -> replicas.get(i).equals("master-link-status")
                            && replicas.get(i + 1).equals("ok"))
                    .count();
            return linked == nodes.size() - 1;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code 127.0.0.1:port,...} of the Sentinels (REDIS_SENTINELS). */
    public String sentinelHosts() {
        return String.join(
                ",", sentinels.stream().map(s -> "127.0.0.1:" + s.port()).toList());
    }

    /** The password of every node and Sentinel. */
    public String password() {
        return password;
    }

    /** The node the Sentinels name as primary now. */
    public RedisServer primary() throws IOException {
        int port = Integer.parseInt(sentinels
                .get(0)
                .reply("SENTINEL GET-MASTER-ADDR-BY-NAME " + MASTER_NAME)
                .get(1));
        return nodes.stream().filter(n -> n.port() == port).findFirst().orElseThrow();
    }

    /** The node started as the primary, then the two started as its replicas. */
    public List<RedisServer> nodes() {
        return List.copyOf(nodes);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        sentinels.forEach(RedisServer::close);
        nodes.forEach(RedisServer::close);
    }
}
