package io.manimvideo.testsupport;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Stopping a child process the way a container runtime does: SIGTERM, a grace period, then SIGKILL. */
public final class ChildProcesses {
  private ChildProcesses() {
  }

  /** SIGTERM; after {@code grace}, SIGKILL to the process and whatever it started. */
  public static void stop(Process process, Duration grace) {
    process.destroy();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
