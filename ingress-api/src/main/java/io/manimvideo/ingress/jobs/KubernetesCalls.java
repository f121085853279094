package io.manimvideo.ingress.jobs;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.manimvideo.ingress.http.DependencyUnavailableException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;

/**
 * Runs a (blocking) fabric8 call off the event loop, on its own worker pool (a slow API server must not
 * take the threads that request validation and other short blocking work use), and turns "the API server
 * could not be reached or failed" into {@link DependencyUnavailableException}; answers with a status (404,
 * 409, 422) stay {@link KubernetesClientException} for the caller to decide.
 */
public final class KubernetesCalls {
    /** Calls to the API server at once; more wait for a thread (the in-flight limit bounds them anyway). */
    private static final int POOL_SIZE = 32;

    private final WorkerExecutor workers;

    public KubernetesCalls(Vertx vertx) {
        this.workers = vertx.createSharedWorkerExecutor("kubernetes-api", POOL_SIZE);
    }

    public <T> Future<T> call(Callable<T> call) {
        return workers.<T>executeBlocking(call, false).recover(failure -> Future.failedFuture(translate(failure)));
    }

    /** No status (0, or -1 for a connection that failed) or a 5xx: the API server is not there for us. */
    static Throwable translate(Throwable failure) {
        if (failure instanceof KubernetesClientException k && (k.getCode() <= 0 || k.getCode() >= 500)) {
            return new DependencyUnavailableException("Kubernetes API server", failure);
        }
        return failure;
    }
}
