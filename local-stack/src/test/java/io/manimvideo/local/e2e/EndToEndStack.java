package io.manimvideo.local.e2e;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.dsl.Resource;
import io.manimvideo.api.VideoJob;
import io.manimvideo.ingress.fakes.FakeTelegramBotApi;
import io.manimvideo.ingress.fakes.FakeWhatsAppCloudApi;
import io.manimvideo.local.LocalStack;
import io.manimvideo.local.LocalStackSettings;
import io.manimvideo.local.ServiceOverrides;
import io.manimvideo.local.node.PodNetwork;
import io.manimvideo.localinfra.Directories;
import io.manimvideo.localinfra.storage.S3Store;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The all-in-one stack as {@code scripts/run-local.sh} starts it (its own one-node cluster with the chart installed
 * from the project's images, made from this build's jars; S3Proxy, redis-server), wired to fake Telegram, WhatsApp and
 * OpenAI-compatible servers on the node's address. Its output goes to {@code target/e2e/<name>.log}.
 */
final class EndToEndStack implements AutoCloseable {
    static final String TELEGRAM_TOKEN = "7000001:AAE2eTestTokenForTheFakeBotApi";
    static final String TELEGRAM_SECRET = "e2e-webhook-secret";
    static final String WHATSAPP_TOKEN = "EAAE2eTestAccessToken";
    static final String WHATSAPP_APP_SECRET = "e2e-app-secret";
    static final String WHATSAPP_PHONE_NUMBER_ID = "106540352242922";
    static final String AI_KEY = "sk-e2e-test-key";
    static final String AI_MODEL = "gpt-4o-mini";
    static final int MAX_CONCURRENT_RENDERS = 2;
    static final Duration DELIVERY_GRACE = Duration.ofSeconds(4);

    final Path projectDir;
    final Path stateDir;
    final Vertx vertx = Vertx.vertx();
    final FakeTelegramBotApi telegram = new FakeTelegramBotApi(TELEGRAM_TOKEN);
    final FakeWhatsAppCloudApi whatsapp = new FakeWhatsAppCloudApi(WHATSAPP_TOKEN);
    final FakeChatCompletions ai = new FakeChatCompletions(AI_KEY);
    final PodNetwork network;
    final LocalStack stack;
    final MinioClient storage;
    private final PrintWriter log;

    private EndToEndStack(String name, int operatorReplicas, int maxConcurrentRenders) throws Exception {
        projectDir = Path.of(System.getProperty("manimvideo.project.dir", ".."))
                .toAbsolutePath()
                .normalize();
        Path logFile = projectDir.resolve("local-stack/target/e2e/" + name + ".log");
        Files.createDirectories(logFile.getParent());
        log = new PrintWriter(
                Files.newBufferedWriter(
                        logFile,
                        StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING),
                true);
        // the render pods' user namespaces pass through it (LocalNode checks)
        stateDir = Files.createTempDirectory(
                "manim-e2e-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx--x--x")));
        // on the node's address: the pods (codegen asks the AI) reach them there
        network = PodNetwork.create(this::log);
        telegram.start(vertx, PodNetwork.NODE_ADDRESS)
                .toCompletionStage()
                .toCompletableFuture()
                .get();
        whatsapp.start(vertx, PodNetwork.NODE_ADDRESS)
                .toCompletionStage()
                .toCompletableFuture()
                .get();
        ai.start(vertx, PodNetwork.NODE_ADDRESS)
                .toCompletionStage()
                .toCompletableFuture()
                .get();

        var settings = new LocalStackSettings(projectDir, stateDir, 0, false, maxConcurrentRenders, operatorReplicas);
        var overrides = new ServiceOverrides(
                Map.of(
                        "DELIVERY_GRACE",
                        DELIVERY_GRACE.toString(),
                        "CODEGEN_OPENAI_BASE_URL",
                        ai.apiBaseUrl(),
                        "CODEGEN_OPENAI_MODEL",
                        AI_MODEL),
                Map.ofEntries(
                        Map.entry("TELEGRAM_BOT_TOKEN", TELEGRAM_TOKEN),
                        Map.entry("TELEGRAM_WEBHOOK_SECRET", TELEGRAM_SECRET),
                        Map.entry("TELEGRAM_API_BASE_URL", telegram.baseUrl()),
                        Map.entry("WHATSAPP_ACCESS_TOKEN", WHATSAPP_TOKEN),
                        Map.entry("WHATSAPP_APP_SECRET", WHATSAPP_APP_SECRET),
                        Map.entry("WHATSAPP_VERIFY_TOKEN", "e2e-verify-token"),
                        Map.entry("WHATSAPP_PHONE_NUMBER_ID", WHATSAPP_PHONE_NUMBER_ID),
                        Map.entry("WHATSAPP_API_BASE_URL", whatsapp.baseUrl()),
                        // twenty jobs from one web session
                        Map.entry("RATE_LIMIT_PER_HOUR", "1000"),
                        Map.entry("RATE_LIMIT_BURST", "100")));
        try {
            stack = LocalStack.start(settings, network, Map.of("OPENAI_API_KEY", AI_KEY), overrides, this::log);
        } catch (RuntimeException e) {
            network.close(); // the next stack would wait for this one's lock
            throw e;
        }
        storage = MinioClient.builder()
                .endpoint(stack.s3().endpoint())
                .region("us-east-1")
                .credentials(S3Store.ACCESS_KEY, S3Store.SECRET_KEY)
                .build();
    }

    static EndToEndStack start() throws Exception {
        return new EndToEndStack("stack", 1, MAX_CONCURRENT_RENDERS);
    }

    /** With its output in {@code target/e2e/<name>.log}, the operator's replicas and the render cap given. */
    static EndToEndStack start(String name, int operatorReplicas, int maxConcurrentRenders) throws Exception {
        return new EndToEndStack(name, operatorReplicas, maxConcurrentRenders);
    }

    /** Waits until the ingress answers {@code /readyz} through its node port. */
    void awaitIngress() {
        await("the ingress answers")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> HttpClient.newHttpClient()
                                .send(
                                        HttpRequest.newBuilder(URI.create(webUrl() + "/readyz"))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200);
    }

    String webUrl() {
        return stack.webUrl().orElseThrow().replaceAll("/$", "");
    }

    Resource<VideoJob> videoJob(String name) {
        return stack.client()
                .resources(VideoJob.class)
                .inNamespace(LocalStack.NAMESPACE)
                .withName(name);
    }

    List<VideoJob> videoJobs() {
        return stack.client()
                .resources(VideoJob.class)
                .inNamespace(LocalStack.NAMESPACE)
                .list()
                .getItems();
    }

    /** Keys of the objects under a prefix, through the S3 API. */
    List<String> objectKeys(String prefix) throws Exception {
        List<String> keys = new ArrayList<>();
        for (Result<Item> item : storage.listObjects(ListObjectsArgs.builder()
                .bucket(LocalStack.BUCKET)
                .prefix(prefix)
                .recursive(true)
                .build())) {
            keys.add(item.get().objectName());
        }
        return keys;
    }

    /** An object's text, through the S3 API. */
    String objectText(String key) throws Exception {
        try (var in = storage.getObject(
                GetObjectArgs.builder().bucket(LocalStack.BUCKET).object(key).build())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** An object into {@code file}, through the S3 API. */
    void download(String key, Path file) throws Exception {
        try (var in = storage.getObject(
                GetObjectArgs.builder().bucket(LocalStack.BUCKET).object(key).build())) {
            Files.write(file, in.readAllBytes());
        }
    }

    void log(String line) {
        log.println(line);
    }

    @Override
    public void close() {
        stack.close();
        telegram.close();
        whatsapp.close();
        ai.close();
        network.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
        log.close();
        Directories.deleteTree(stateDir);
    }
}
