package io.manimvideo.local.apiserver;

/** The kubeconfig of the local stack: plain HTTP on loopback and a placeholder token. */
final class Kubeconfig {
  static final String TOKEN = "local-stack-token";
  private static final String NAME = "manim-video-local";

  private Kubeconfig() {
  }

  static String render(String serverUrl, String namespace) {
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: %1$s
          cluster:
            server: %2$s
        users:
        - name: %1$s
          user:
            token: %3$s
        contexts:
        - name: %1$s
          context:
            cluster: %1$s
            user: %1$s
            namespace: %4$s
        current-context: %1$s
        """.formatted(NAME, serverUrl, TOKEN, namespace);
  }
}
