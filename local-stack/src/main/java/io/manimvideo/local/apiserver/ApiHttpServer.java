package io.manimvideo.local.apiserver;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocketListener;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the local API server, on Vert.x 5 like the rest of the project: every request goes to the
 * {@link ClusterDispatcher}. fabric8's own mock HTTP layer (mockwebserver 7.5) is compiled against Vert.x 4
 * and cannot accept WebSockets on Vert.x 5, so watches are served here, both ways clients ask for them:
 * over a WebSocket (fabric8 clients, informers) and as a stream of JSON lines over plain HTTP (client-go,
 * hence {@code kubectl wait} and {@code kubectl delete}).
 */
final class ApiHttpServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApiHttpServer.class);
  private final Vertx vertx = Vertx.vertx();
  private final ClusterDispatcher dispatcher;
  // the mock's watch listener waits for its sender thread when closed: keep that off the event loop
  private final ExecutorService watchClosers = Executors.newCachedThreadPool(r -> {
    var t = new Thread(r, "local-api-watch-close");
    t.setDaemon(true);
    return t;
  });
  private HttpServer server;

  ApiHttpServer(ClusterDispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  /** Listens on 127.0.0.1:port (0 = a free port) and returns the port. */
  int start(int port) {
    server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port)
        .setWebSocketSubProtocols(List.of("v4.channel.k8s.io", "v5.channel.k8s.io")));
    server.requestHandler(this::handle);
    return await(server.listen()).actualPort();
  }

  private void handle(HttpServerRequest request) {
    boolean webSocket = request.canUpgradeToWebSocket();
    if (webSocket) {
      request.pause();
    }
    Future<Buffer> body = webSocket ? Future.succeededFuture(null) : request.body();
    body.compose(bytes -> {
          RecordedRequest recorded = recorded(request, bytes);
          return vertx.executeBlocking(() -> dispatcher.dispatch(recorded), false).onSuccess(answer -> {
            WebSocketListener listener = answer.getWebSocketListener();
            if (listener == null) {
              respond(request.response(), answer);
            } else if (webSocket) {
              request.toWebSocket().onSuccess(ws -> openWebSocketWatch(ws, request, answer, listener));
            } else {
              openStreamingWatch(request, answer, listener, dispatcher.watchEvents(recorded));
            }
          });
        })
        .onFailure(err -> {
          LOG.warn("{} {} failed", request.method(), request.uri(), err);
          if (!request.response().headWritten()) {
            request.response().setStatusCode(500).end(String.valueOf(err.getMessage()));
          }
        });
  }

  private static RecordedRequest recorded(HttpServerRequest request, Buffer body) {
    return new RecordedRequest(request.version().alpnName().toUpperCase(), HttpMethod.valueOf(request.method().name()),
        request.uri(), Headers.builder().addAll(request.headers()).build(),
        new io.fabric8.mockwebserver.http.Buffer(body == null ? null : body.getBytes()));
  }

  private static void respond(HttpServerResponse response, MockResponse answer) {
    response.setStatusCode(answer.code());
    answer.getHeaders().toMultimap().forEach((name, values) -> response.headers().add(name, values));
    byte[] bytes = answer.getBody() == null ? new byte[0] : answer.getBody().getBytes();
    response.end(Buffer.buffer(bytes));
  }

  private void openWebSocketWatch(ServerWebSocket ws, HttpServerRequest request, MockResponse answer,
      WebSocketListener listener) {
    var socket = new WatchSocket(request, text -> ws.writeTextMessage(text), () -> {
      if (!ws.isClosed()) {
        ws.close();
      }
    });
    ws.textMessageHandler(text -> listener.onMessage(socket, text));
    ws.closeHandler(v -> closeWatch(listener, socket));
    listener.onOpen(socket, answer);
  }

  private void openStreamingWatch(HttpServerRequest request, MockResponse answer, WebSocketListener listener,
      UnaryOperator<String> format) {
    HttpServerResponse response = request.response().setStatusCode(200).setChunked(true)
        .putHeader("Content-Type", "application/json");
    response.writeHead();
    // events come from the mock's sender thread: hand them to the event loop in order
    var context = vertx.getOrCreateContext();
    var socket = new WatchSocket(request,
        text -> {
          String event = format.apply(text);
          context.runOnContext(v -> {
            if (!response.ended() && !response.closed()) {
              response.write(event.endsWith("\n") ? event : event + "\n");
            }
          });
        },
        () -> context.runOnContext(v -> {
          if (!response.ended() && !response.closed()) {
            response.end();
          }
        }));
    response.closeHandler(v -> closeWatch(listener, socket));
    String timeout = RequestPath.parse(request.uri()).query().get("timeoutSeconds");
    if (timeout != null && timeout.matches("\\d+") && Long.parseLong(timeout) > 0) {
      vertx.setTimer(TimeUnit.SECONDS.toMillis(Long.parseLong(timeout)), id -> {
        socket.close(1000, "timeout");
        closeWatch(listener, socket);
      });
    }
    listener.onOpen(socket, answer);
  }

  private void closeWatch(WebSocketListener listener, WatchSocket socket) {
    if (socket.markClosed()) {
      watchClosers.execute(() -> listener.onClosed(socket, 1000, "closed"));
    }
  }

  /** The mock's view of one watch connection, whichever way it is carried. */
  private static final class WatchSocket implements io.fabric8.mockwebserver.http.WebSocket {
    private final RecordedRequest request;
    private final Consumer<String> sender;
    private final Runnable closer;
    private final AtomicBoolean closed = new AtomicBoolean();

    WatchSocket(HttpServerRequest request, Consumer<String> sender, Runnable closer) {
      this.request = recorded(request, null);
      this.sender = sender;
      this.closer = closer;
    }

    boolean markClosed() {
      return closed.compareAndSet(false, true);
    }

    @Override
    public RecordedRequest request() {
      return request;
    }

    @Override
    public boolean send(String text) {
      sender.accept(text);
      return true;
    }

    @Override
    public boolean send(byte[] bytes) {
      return send(new String(bytes, StandardCharsets.UTF_8));
    }

    @Override
    public boolean close(int code, String reason) {
      closer.run();
      return true;
    }
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("local API server: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (server != null) {
      await(server.close());
    }
    await(vertx.close());
    watchClosers.shutdownNow();
  }
}
