package io.manimvideo.ingress.fakes;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;

/**
 * What every fake third-party API shares: a Vert.x server on a free loopback port with the routes the
 * subclass declares. The subclasses speak the real API's formats and record what they receive.
 *
 * @param <S> the fake's own type, so {@link #start} hands it back ready to use
 */
public abstract class FakeHttpApi<S extends FakeHttpApi<S>> {
    private HttpServer server;
    private String address = "127.0.0.1";

    /** Declares the routes (body handler included) this fake answers. */
    protected abstract void routes(Router router);

    public Future<S> start(Vertx vertx) {
        return start(vertx, "127.0.0.1");
    }

    /** Listens on {@code address} (an address of this machine, such as the local node's, for pods to reach). */
    @SuppressWarnings("unchecked")
    public Future<S> start(Vertx vertx, String address) {
        this.address = address;
        Router router = Router.router(vertx);
        routes(router);
        return vertx.createHttpServer()
                .requestHandler(router)
                .listen(0, address)
                .map(s -> {
                    server = s;
                    return (S) this;
                });
    }

    /** {@code http://<address>:<port>}. */
    public String baseUrl() {
        return "http://" + address + ":" + server.actualPort();
    }

    public Future<Void> close() {
        return server == null ? Future.succeededFuture() : server.close();
    }
}
