import io.manimvideo.ingress.fakes.FakeTelegramBotApi;
import io.manimvideo.localinfra.controlplane.ChartServiceAccounts;
import io.manimvideo.localinfra.controlplane.ControlPlane;
import io.manimvideo.localinfra.controlplane.ControlPlaneBinaries;
import io.manimvideo.localinfra.controlplane.VideoJobCrd;
import io.manimvideo.localinfra.redis.RedisServer;
import io.vertx.core.Vertx;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ingress benchmark's real backends, as the local stack runs them: the control plane (etcd, kube-apiserver with
 * RBAC, kube-controller-manager; {@link ControlPlane}) with the VideoJob CRD and the chart's RBAC in a namespace of
 * its own, a supervised redis-server ({@link RedisServer}) and the tests' fake Telegram Bot API (so the replies
 * and notifications a benchmark causes are accepted, as in production: refused ones would be retried at every
 * resync of the ingress's job watcher, a load production does not have). Prints {@code KEY=value} lines for the shell: the
 * ingress's environment (the chart's ingress ServiceAccount, as in production), {@code API_PORT} and {@code
 * API_TOKEN} (the same account, for the API server's own create latency), then {@code READY}. Everything stops when
 * standard input ends (a signal to a JVM started from a script's background job did not always run its shutdown
 * hooks). Usage: {@code java -cp <ingress test classpath> BenchBackends.java <project dir> <state dir> <bot token>}.
 */
public class BenchBackends {
    public static void main(String[] args) throws Exception {
        Path project = Path.of(args[0]).toAbsolutePath();
        Path state = Files.createDirectories(Path.of(args[1]).toAbsolutePath());
        ControlPlane plane = ControlPlane.start(
                ControlPlaneBinaries.locate(project, System.err::println),
                state.resolve("controlplane"),
                System.err::println);
        RedisServer redis;
        Map<String, String> env;
        try {
            String namespace;
            try (var admin = plane.client()) {
                VideoJobCrd.install(admin);
                namespace = plane.createNamespace("bench");
            }
            try (var admin = plane.client(namespace)) {
                env = new TreeMap<>(
                        ChartServiceAccounts.apply(plane, admin, project.resolve("helm/manim-video"), namespace)
                                .environment(ChartServiceAccounts.INGRESS));
            }
            redis = RedisServer.start("redis-server", state.resolve("redis.log"));
        } catch (RuntimeException e) {
            plane.close();
            throw e;
        }
        env.put("REDIS_URL", redis.url());
        Vertx vertx = Vertx.vertx();
        FakeTelegramBotApi telegram =
                new FakeTelegramBotApi(args[2]).start(vertx).await(30, java.util.concurrent.TimeUnit.SECONDS);
        env.put("TELEGRAM_API_BASE_URL", telegram.baseUrl());
        env.put("VIDEOJOB_NAMESPACE", env.get("KUBERNETES_NAMESPACE"));
        env.forEach((key, value) -> System.out.println("export " + key + "=" + value));
        System.out.println("API_PORT=" + plane.port());
        System.out.println("API_TOKEN=" + env.get("KUBERNETES_AUTH_TOKEN"));
        System.out.println("READY");
        System.out.flush();
        try {
            System.in.transferTo(OutputStream.nullOutputStream());
        } finally {
            vertx.close();
            redis.close();
            plane.close();
        }
    }
}
