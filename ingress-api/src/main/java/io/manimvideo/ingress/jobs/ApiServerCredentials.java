package io.manimvideo.ingress.jobs;

import io.fabric8.kubernetes.client.Config;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * The Authorization header fabric8 would send with the same {@link Config}, for calls made without fabric8
 * ({@link VideoJobCreator}): the token of the token provider, else the configured token, else the one
 * fabric8 found itself (service account file, kubeconfig), else basic auth. A found token is read again as
 * fabric8's TokenRefreshInterceptor does it: at most a minute old (projected service account tokens are
 * rotated by the kubelet), and at once after a 401. Reading files and running token providers happens on a
 * worker thread, never on the event loop.
 */
final class ApiServerCredentials {
    /** As fabric8's TokenRefreshInterceptor: a found token is read again when it is a minute old. */
    static final Duration REFRESH_AFTER = Duration.ofMinutes(1);

    private final Vertx vertx;
    private final Config config;
    private final long refreshAfterNanos;
    private volatile String header;
    private volatile long readAt;
    /** The read in progress (or the last one, once complete). */
    private volatile Future<String> refreshing;

    ApiServerCredentials(Vertx vertx, Config config, Duration refreshAfter) {
        this.vertx = vertx;
        this.config = config;
        this.refreshAfterNanos = refreshAfter.toNanos();
        this.header = header(config);
        this.readAt = System.nanoTime();
    }

    /** The header to send now (null: none). A due re-read runs meanwhile; its result serves later calls. */
    Future<String> current() {
        if (config.getOauthTokenProvider() != null) {
            // fabric8 asks the provider before every request; it may run a command, so not on the event loop
            return vertx.executeBlocking(() -> header(config), false);
        }
        if (rereadable() && System.nanoTime() - readAt > refreshAfterNanos) {
            refresh();
        }
        return Future.succeededFuture(header);
    }

    /** Reads the credentials again (after a 401); concurrent callers share one read. */
    Future<String> refresh() {
        if (!rereadable()) {
            return current();
        }
        Future<String> running = refreshing;
        if (running != null && !running.isComplete()) {
            return running;
        }
        Future<String> read = vertx.executeBlocking(
                () -> {
                    String fresh = header(config.refresh());
                    header = fresh;
                    readAt = System.nanoTime();
                    return fresh;
                },
                false);
        refreshing = read;
        return read;
    }

    /** A provider is asked each time anyway, and a configured token is what it is (fabric8 does not re-read it). */
    private boolean rereadable() {
        return config.getOauthTokenProvider() == null && config.getOauthToken() == null;
    }

    private static String header(Config config) {
        String token = config.getOauthTokenProvider() != null
                ? config.getOauthTokenProvider().getToken()
                : config.getOauthToken() != null ? config.getOauthToken() : config.getAutoOAuthToken();
        if (token != null && !token.isBlank()) {
            return "Bearer " + token;
        }
        if (config.getUsername() != null && config.getPassword() != null) {
            return "Basic "
                    + Base64.getEncoder()
                            .encodeToString((config.getUsername() + ":" + config.getPassword())
                                    .getBytes(StandardCharsets.UTF_8));
        }
        return null;
    }
}
