package io.manimvideo.operator.queue;

import io.manimvideo.api.VideoJob;
import java.time.Instant;
import java.util.Comparator;

/**
 * A VideoJob's place in arrival order: creation time, then {@code arrival} (the API server's order of the
 * creations within a second, see {@link RenderQueue#arrived}), then namespace and name.
 */
public record QueueEntry(Instant created, long arrival, String namespace, String name)
        implements Comparable<QueueEntry> {
    private static final Comparator<QueueEntry> ORDER = Comparator.comparing(QueueEntry::created)
            .thenComparingLong(QueueEntry::arrival)
            .thenComparing(QueueEntry::namespace)
            .thenComparing(QueueEntry::name);

    static QueueEntry of(VideoJob vj, long arrival) {
        String created = vj.getMetadata().getCreationTimestamp();
        return new QueueEntry(
                created == null ? Instant.EPOCH : Instant.parse(created),
                arrival,
                vj.getMetadata().getNamespace(),
                vj.getMetadata().getName());
    }

    @Override
    public int compareTo(QueueEntry other) {
        return ORDER.compare(this, other);
    }
}
