package io.manimvideo.ingress.jobs;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.manimvideo.ingress.http.DependencyUnavailableException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;

/**
 * Runs a (blocking) fabric8 call off the event loop and turns "the API server could not be reached or
 * failed" into {@link DependencyUnavailableException}; answers with a status (404, 409, 422) stay
 * {@link KubernetesClientException} for the caller to decide.
 */
public final class KubernetesCalls {
  private final Vertx vertx;

  public KubernetesCalls(Vertx vertx) {
    this.vertx = vertx;
  }

  public <T> Future<T> call(Callable<T> call) {
    return vertx.<T>executeBlocking(call, false).recover(failure -> Future.failedFuture(translate(failure)));
  }

  /** No status (0, or -1 for a connection that failed) or a 5xx: the API server is not there for us. */
  private static Throwable translate(Throwable failure) {
    if (failure instanceof KubernetesClientException k && (k.getCode() <= 0 || k.getCode() >= 500)) {
      return new DependencyUnavailableException("Kubernetes API server", failure);
    }
    return failure;
  }
}
