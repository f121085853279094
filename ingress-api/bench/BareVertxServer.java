import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The baseline of the benchmark: a bare Vert.x route that reads the body and answers 200, on the same Vert.x as
 * the ingress and, like the ingress, one server instance (event loop) per core. Usage: {@code java -cp <ingress
 * classpath> BareVertxServer.java <port>}.
 */
public class BareVertxServer {
    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        Vertx vertx = Vertx.vertx();
        vertx.deployVerticle(
                        () -> new VerticleBase() {
                            @Override
                            public Future<?> start() {
                                Router router = Router.router(vertx);
                                router.route().handler(BodyHandler.create(false));
                                router.route()
                                        .handler(ctx -> ctx.response()
                                                .setStatusCode(200)
                                                .end());
                                return vertx.createHttpServer()
                                        .requestHandler(router)
                                        .listen(port, "127.0.0.1");
                            }
                        },
                        new DeploymentOptions()
                                .setInstances(Runtime.getRuntime().availableProcessors()))
                .onSuccess(id -> System.out.println("PORT " + port))
                .onFailure(e -> {
                    e.printStackTrace();
                    System.exit(1);
                });
    }
}
