package io.manimvideo.ingress.http;

/**
 * Redis or the Kubernetes API server could not be reached, so nothing was recorded: the caller should
 * retry (503 on the web, 5xx to webhooks so the platform redelivers).
 */
public class DependencyUnavailableException extends RuntimeException {
    private final String dependency;

    public DependencyUnavailableException(String dependency, Throwable cause) {
        super(dependency + " is unreachable", cause);
        this.dependency = dependency;
    }

    public String dependency() {
        return dependency;
    }
}
