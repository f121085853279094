package io.manimvideo.localinfra;

import java.util.List;
import sun.misc.Signal;

/**
 * Gives SIGINT and SIGTERM back to the JVM after native code took them: helm-java's Go runtime (a c-shared
 * library, loaded on the first Helm call) installs its own handlers for them ({@code os/signal.Notify}), and from
 * then on the JVM never sees Ctrl-C or a {@code kill}: no shutdown hook runs and the process keeps running.
 */
public final class ShutdownSignals {
    private static final List<String> SHUTDOWN = List.of("INT", "TERM");

    private ShutdownSignals() {}

    /** Ends the JVM on SIGINT and SIGTERM as it does by default: shutdown hooks, then exit 128 + the signal. */
    public static void restore() {
        for (String name : SHUTDOWN) {
            try {
                Signal.handle(new Signal(name), signal -> System.exit(128 + signal.getNumber()));
            } catch (IllegalArgumentException e) {
                // the JVM runs with -Xrs, or the signal is taken by the VM: leave it as it is
            }
        }
    }
}
