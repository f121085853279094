import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The baseline of the benchmark: a bare Vert.x route that reads the body and answers 200, on the same
 * Vert.x as the ingress. Usage: {@code java -cp <ingress classpath> BareVertxServer.java <port>}.
 */
public class BareVertxServer {
    public static void main(String[] args) {
        Vertx vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create(false));
        router.route().handler(ctx -> ctx.response().setStatusCode(200).end());
        vertx.createHttpServer()
                .requestHandler(router)
                .listen(Integer.parseInt(args[0]), "127.0.0.1")
                .onSuccess(s -> System.out.println("PORT " + s.actualPort()))
                .onFailure(e -> {
                    e.printStackTrace();
                    System.exit(1);
                });
    }
}
