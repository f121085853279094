import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Open-loop load at a fixed rate (what wrk2 does and wrk does not): requests start on schedule whether or
 * not earlier ones have answered, over a fixed pool of {@link #CONNECTIONS} keep-alive connections (a
 * request waits for a free one), and each latency is measured from its scheduled start, so a stall shows
 * up in the percentiles instead of slowing the load down. Vert.x HTTP client (the ingress's classpath):
 * {@code java -cp <classpath> bench/OpenLoop.java <scenario> <rate/s> <seconds> <base url>}. Scenarios:
 * {@code noop} (updates that make no job, in turn: a Telegram reaction update, a Telegram duplicate of an
 * update already taken in, a signed WhatsApp delivery receipt), {@code create} (Telegram text updates,
 * each makes a VideoJob), {@code healthz}, {@code apicreate} (VideoJobs created directly in the API
 * server: its own create latency). Environment: BENCH_TELEGRAM_SECRET, BENCH_WHATSAPP_SECRET,
 * BENCH_DUPLICATE_UPDATE_ID, BENCH_NAMESPACE. Prints {@code RESULT <scenario> p50_ms=… p99_ms=… max_ms=…}.
 */
public class OpenLoop {
  private static final int CONNECTIONS = 32;

  /** One request: method, absolute URL, headers, body (null for none). */
  record Call(HttpMethod method, String url, String[] headers, String body) {}

  public static void main(String[] args) throws Exception {
    String scenario = args[0];
    int rate = Integer.parseInt(args[1]);
    int seconds = Integer.parseInt(args[2]);
    String base = args[3];
    Vertx vertx = Vertx.vertx();
    HttpClient http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
        .setConnectTimeout((int) Duration.ofSeconds(5).toMillis()), new PoolOptions().setHttp1MaxSize(CONNECTIONS)
        .setMaxWaitQueueSize(-1));
    int total = rate * seconds;
    long[] latencies = new long[total];
    AtomicInteger failures = new AtomicInteger();
    ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    CountDownLatch done = new CountDownLatch(total);
    long interval = 1_000_000_000L / rate;
    long start = System.nanoTime() + 50_000_000L;
    long idBase = (System.currentTimeMillis() / 1000 % 100_000) * 10_000L;
    for (int i = 0; i < total; i++) {
      long scheduled = start + i * interval;
      long wait;
      while ((wait = scheduled - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      int n = i;
      Call call = request(scenario, base, n, idBase);
      URI uri = URI.create(call.url());
      RequestOptions options = new RequestOptions().setMethod(call.method()).setHost(uri.getHost())
          .setPort(uri.getPort()).setURI(uri.getRawPath());
      for (int h = 0; h < call.headers().length; h += 2) {
        options.putHeader(call.headers()[h], call.headers()[h + 1]);
      }
      http.request(options)
          .compose(request -> (call.body() == null ? request.send() : request.send(Buffer.buffer(call.body())))
              .compose(response -> response.body().map(body -> response.statusCode() + " " + body)))
          .onComplete(result -> {
            latencies[n] = System.nanoTime() - scheduled;
            String answer = result.succeeded() ? result.result() : "0 " + result.cause();
            int status = Integer.parseInt(answer.substring(0, answer.indexOf(' ')));
            if (status < 200 || status >= 300) {
              failures.incrementAndGet();
              if (errors.size() < 3) {
                errors.add(answer);
              }
            }
            done.countDown();
          });
    }
    long sentIn = System.nanoTime() - start;
    done.await();
    Arrays.sort(latencies);
    System.out.printf("RESULT %s rate=%d p50_ms=%.2f p99_ms=%.2f max_ms=%.2f requests=%d errors=%d achieved_rps=%.0f%n",
        scenario, rate, ms(latencies, 0.50), ms(latencies, 0.99), latencies[total - 1] / 1e6, total, failures.get(),
        total / (sentIn / 1e9));
    errors.forEach(e -> System.err.println("error: " + e));
    System.exit(0);
  }

  private static double ms(long[] sorted, double q) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
  }

  private static Call request(String scenario, String base, int n, long idBase) throws Exception {
    return switch (scenario) {
      case "healthz" -> new Call(HttpMethod.GET, base + "/healthz", new String[0], null);
      case "create" -> telegram(base, text(idBase + n));
      case "apicreate" -> new Call(HttpMethod.POST, base + "/apis/manimvideo.io/v1alpha1/namespaces/"
              + System.getenv().getOrDefault("BENCH_NAMESPACE", "bench") + "/videojobs",
          new String[] {"Content-Type", "application/json"}, videoJob(idBase + n));
      case "noop" -> switch (n % 3) {
        case 0 -> telegram(base, reaction(idBase + n));
        case 1 -> telegram(base, text(Long.parseLong(System.getenv("BENCH_DUPLICATE_UPDATE_ID"))));
        default -> whatsappStatus(base, n);
      };
      default -> throw new IllegalArgumentException("unknown scenario " + scenario);
    };
  }

  private static Call telegram(String base, String body) {
    return new Call(HttpMethod.POST, base + "/webhooks/telegram", new String[] {"Content-Type", "application/json",
        "X-Telegram-Bot-Api-Secret-Token", System.getenv("BENCH_TELEGRAM_SECRET")}, body);
  }

  static String text(long updateId) {
    return ("{\"update_id\":%d,\"message\":{\"message_id\":%d,\"date\":1767225600,\"chat\":{\"id\":424242,"
        + "\"type\":\"private\"},\"from\":{\"id\":424242,\"is_bot\":false,\"first_name\":\"Bench\"},"
        + "\"text\":\"Show why the derivative of x^2 is 2x\"}}").formatted(updateId, updateId % 100000);
  }

  private static String reaction(long updateId) {
    return ("{\"update_id\":%d,\"message_reaction\":{\"chat\":{\"id\":424242,\"type\":\"private\"},\"message_id\":7,"
        + "\"user\":{\"id\":424242,\"is_bot\":false,\"first_name\":\"Bench\"},\"date\":1767225600,"
        + "\"old_reaction\":[],\"new_reaction\":[{\"type\":\"emoji\",\"emoji\":\"\\ud83d\\udc4d\"}]}}").formatted(updateId);
  }

  private static Call whatsappStatus(String base, int n) throws Exception {
    String body = ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"messages\","
        + "\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550783881\","
        + "\"phone_number_id\":\"106540352242922\"},\"statuses\":[{\"id\":\"wamid.B%d\",\"status\":\"delivered\","
        + "\"timestamp\":\"1767225600\",\"recipient_id\":\"5511987654321\"}]}}]}]}").formatted(n);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(System.getenv("BENCH_WHATSAPP_SECRET").getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String signature = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    return new Call(HttpMethod.POST, base + "/webhooks/whatsapp",
        new String[] {"Content-Type", "application/json", "X-Hub-Signature-256", signature}, body);
  }

  private static String videoJob(long n) {
    return ("{\"apiVersion\":\"manimvideo.io/v1alpha1\",\"kind\":\"VideoJob\",\"metadata\":{\"name\":\"api-%d\","
        + "\"labels\":{\"manimvideo.io/session\":\"00000000-0000-4000-8000-000000000000\"}},\"spec\":{"
        + "\"submissionType\":\"problem\",\"platform\":\"telegram\",\"sessionId\":\"00000000-0000-4000-8000-000000000000\","
        + "\"problemText\":\"Show why the derivative of x^2 is 2x\"}}").formatted(n);
  }
}
