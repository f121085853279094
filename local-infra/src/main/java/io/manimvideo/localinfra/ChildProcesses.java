package io.manimvideo.localinfra;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Stopping a child process the way a container runtime does: SIGTERM, a grace period, then SIGKILL. */
public final class ChildProcesses {
    private ChildProcesses() {}

    /**
     * SIGTERM; after {@code grace}, SIGKILL to the process and whatever it started. True when it exited on the
     * SIGTERM, within the grace period.
     */
    public static boolean stop(Process process, Duration grace) {
        process.destroy();
        try {
            if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        return false;
    }
}
