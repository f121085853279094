package io.manimvideo.operator.queue;

import io.manimvideo.api.VideoJob;
import java.time.Instant;
import java.util.Comparator;

/** A VideoJob's place in arrival order: creation time, then namespace and name for ties within a second. */
public record QueueEntry(Instant created, String namespace, String name) implements Comparable<QueueEntry> {
  private static final Comparator<QueueEntry> ORDER = Comparator.comparing(QueueEntry::created)
      .thenComparing(QueueEntry::namespace).thenComparing(QueueEntry::name);

  public static QueueEntry of(VideoJob vj) {
    String created = vj.getMetadata().getCreationTimestamp();
    return new QueueEntry(created == null ? Instant.EPOCH : Instant.parse(created),
        vj.getMetadata().getNamespace(), vj.getMetadata().getName());
  }

  @Override
  public int compareTo(QueueEntry other) {
    return ORDER.compare(this, other);
  }
}
