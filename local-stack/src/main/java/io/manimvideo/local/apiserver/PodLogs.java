package io.manimvideo.local.apiserver;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Container output of the pods the local Job runner runs, served as {@code GET .../pods/NAME/log}
 * ({@code kubectl logs}). Keeps the last {@link #MAX_CHARS} characters of each pod, as a kubelet keeps a
 * bounded log.
 */
public final class PodLogs {
  static final int MAX_CHARS = 1 << 20;
  private final Map<String, StringBuilder> logs = new ConcurrentHashMap<>();

  public void append(String namespace, String pod, String line) {
    var log = logs.computeIfAbsent(namespace + "/" + pod, k -> new StringBuilder());
    synchronized (log) {
      log.append(line).append('\n');
      if (log.length() > MAX_CHARS) {
        log.delete(0, log.length() - MAX_CHARS);
      }
    }
  }

  public Optional<String> read(String namespace, String pod) {
    return Optional.ofNullable(logs.get(namespace + "/" + pod)).map(log -> {
      synchronized (log) {
        return log.toString();
      }
    });
  }

  public void remove(String namespace, String pod) {
    logs.remove(namespace + "/" + pod);
  }
}
