package io.manimvideo.ingress;

import io.manimvideo.api.texts.Text;
import io.manimvideo.ingress.http.ApiProblem;
import io.manimvideo.ingress.http.ApiRouter;
import io.manimvideo.ingress.http.ContractLoader;
import io.manimvideo.ingress.http.ContractValidator;
import io.manimvideo.ingress.http.InFlightLimit;
import io.manimvideo.ingress.http.OperationHandlers;
import io.manimvideo.ingress.http.ProblemResponses;
import io.manimvideo.ingress.http.RequestReadDeadline;
import io.manimvideo.ingress.http.UnreadableRequestAnswer;
import io.manimvideo.ingress.ops.HealthHandlers;
import io.manimvideo.ingress.ops.Warmup;
import io.manimvideo.ingress.web.DeliveryRoutes;
import io.manimvideo.ingress.web.JobRoutes;
import io.manimvideo.ingress.web.JobStatusView;
import io.manimvideo.ingress.web.LinkTargets;
import io.manimvideo.ingress.web.OwnJobs;
import io.manimvideo.ingress.web.PageTexts;
import io.manimvideo.ingress.web.SessionAuth;
import io.manimvideo.ingress.web.SessionRoutes;
import io.manimvideo.ingress.web.SseStreams;
import io.manimvideo.ingress.web.WebApi;
import io.manimvideo.ingress.web.WebEventRelay;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.redis.client.Redis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the ingress on one event loop: the server (contract-built API, webhooks, page) and the
 * Server-Sent Event streams it holds with their relay. {@link IngressMain} deploys one instance per core on
 * the same port (Vert.x spreads connections across them). Stopping it stops taking new connections, ends
 * event streams and lets requests in flight finish (up to {@link #SHUTDOWN_GRACE}).
 */
public final class IngressVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(IngressVerticle.class);
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(20);

    private final IngressServices services;
    private final List<OperationHandlers> platformRoutes;
    private final Handler<RoutingContext> metrics;
    private final Redis subscriberClient;
    private final InFlightLimit limit;
    private final ContractValidator validator;
    private final int port;
    private final Warmup warmup;
    private HttpServer server;
    private SseStreams streams;
    private WebEventRelay relay;

    /**
     * @param subscriberClient a Redis client for the pub/sub connection (a subscribed connection can do
     *     nothing else, so it does not come from the shared pool)
     * @param limit shared by every instance: the bound on requests in flight in the process
     * @param validator shared by every instance: the contract's schemas, compiled once
     * @param port the same for every instance, so they share the listening socket
     * @param warmup shared by every instance: {@code /readyz} waits for it
     */
    public IngressVerticle(
            IngressServices services,
            List<OperationHandlers> platformRoutes,
            Handler<RoutingContext> metrics,
            Redis subscriberClient,
            InFlightLimit limit,
            ContractValidator validator,
            int port,
            Warmup warmup) {
        this.services = services;
        this.platformRoutes = platformRoutes;
        this.metrics = metrics;
        this.subscriberClient = subscriberClient;
        this.limit = limit;
        this.validator = validator;
        this.port = port;
        this.warmup = warmup;
    }

    @Override
    public Future<?> start() {
        IngressConfig config = services.config();
        streams = new SseStreams(vertx, config.httpIdleTimeout());
        relay = new WebEventRelay(vertx, subscriberClient, streams, context);
        ProblemResponses problems = new ProblemResponses(services.catalog());
        List<OperationHandlers> parts = new ArrayList<>();
        parts.add(new HealthHandlers(
                warmup,
                services.redis(),
                services.kubernetes(),
                config.videoJobNamespace(),
                services.kubernetesCalls(),
                metrics,
                problems));
        var auth = new SessionAuth(services.sessions(), config.publicBaseUrl().startsWith("https:"));
        var ownJobs = new OwnJobs(services.jobs());
        parts.add(new WebApi(
                auth,
                new SessionRoutes(services.sessions(), auth, services.linkCodes(), LinkTargets.of(config)),
                new JobRoutes(
                        services.submissions(),
                        services.jobs(),
                        ownJobs,
                        streams,
                        new JobStatusView(services.catalog())),
                new DeliveryRoutes(
                        services.jobs(), ownJobs, services.deliveryLinks(), services.storedTexts(), services.clock()),
                new PageTexts(services.catalog(), auth)));
        parts.addAll(platformRoutes);
        return ContractLoader.load(vertx)
                .compose(contract -> {
                    Router router = ApiRouter.create(
                            vertx,
                            contract,
                            config.maxBodyBytes(),
                            limit,
                            new RequestReadDeadline(config.requestReadTimeout(), problems),
                            validator,
                            problems,
                            parts);
                    router.route("/*")
                            .handler(StaticHandler.create("webroot")
                                    .setIndexPage("index.html")
                                    .setCachingEnabled(false));
                    router.route()
                            .handler(ctx -> problems.send(ctx, ApiProblem.notFound(Text.of("problem.nothingHere"))));
                    HttpServerOptions options = new HttpServerOptions()
                            .setHost(config.httpHost())
                            .setPort(port)
                            .setIdleTimeout((int) config.httpIdleTimeout().toMillis())
                            .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
                    server = vertx.createHttpServer(options)
                            .invalidRequestHandler(new UnreadableRequestAnswer(options, problems));
                    return server.requestHandler(router).listen();
                })
                .compose(listening -> {
                    relay.start();
                    LOG.info("event=ingress_started port={} config=\"{}\"", listening.actualPort(), config);
                    return Future.succeededFuture();
                });
    }

    @Override
    public Future<?> stop() {
        LOG.info("event=ingress_stopping");
        if (streams != null) {
            streams.closeAll();
        }
        if (relay != null) {
            relay.close();
        }
        return server == null
                ? Future.succeededFuture()
                : server.shutdown(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }
}
