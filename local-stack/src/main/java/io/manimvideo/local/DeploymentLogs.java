package io.manimvideo.local;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The log of a Deployment's pod, line by line to the console with the component's name in front, as
 * {@code kubectl logs -f deployment/<name>} shows it; {@link #close()} stops following.
 */
final class DeploymentLogs implements AutoCloseable {
    private final LogWatch watch;

    private DeploymentLogs(LogWatch watch) {
        this.watch = watch;
    }

    static DeploymentLogs follow(
            KubernetesClient client, String namespace, String deployment, String prefix, Consumer<String> console) {
        return new DeploymentLogs(client.apps()
                .deployments()
                .inNamespace(namespace)
                .withName(deployment)
                .watchLog(new LineOutput(line -> console.accept("[" + prefix + "] " + line))));
    }

    @Override
    public void close() {
        if (watch != null) { // the client gives no watch when the Deployment had no pod to follow yet
            watch.close();
        }
    }

    /** Splits what the log stream writes into lines. */
    private static final class LineOutput extends OutputStream {
        private final Consumer<String> lines;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineOutput(Consumer<String> lines) {
            this.lines = lines;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                lines.accept(line.toString(StandardCharsets.UTF_8));
                line.reset();
            } else {
                line.write(b);
            }
        }
    }
}
