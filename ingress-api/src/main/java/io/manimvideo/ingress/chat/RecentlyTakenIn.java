package io.manimvideo.ingress.chat;

import io.manimvideo.api.Platform;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The platform message ids this replica took in completely (recorded, answered and acknowledged), the newest
 * {@code capacity} of them. A platform redelivers what it saw no acknowledgement for; when the redelivery reaches
 * the replica that took it in, it is acknowledged from here, without being read again or costing a Redis round
 * trip. Redis stays the record every replica shares ({@link ChatConversation}): an id not remembered here is
 * looked up there, so a replica that restarted, or another replica, still makes nothing twice.
 */
public final class RecentlyTakenIn {
    /** About a megabyte: hours of messages on one replica, while redeliveries come within minutes. */
    public static final int DEFAULT_CAPACITY = 10_000;

    private final Map<String, Boolean> ids;

    public RecentlyTakenIn(int capacity) {
        this.ids = new LinkedHashMap<>(capacity * 4 / 3 + 1) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    public boolean contains(Platform platform, String messageId) {
        String key = key(platform, messageId);
        synchronized (ids) {
            return ids.containsKey(key);
        }
    }

    public void add(Platform platform, String messageId) {
        String key = key(platform, messageId);
        synchronized (ids) {
            ids.put(key, Boolean.TRUE);
        }
    }

    private static String key(Platform platform, String messageId) {
        return platform.ordinal() + ":" + messageId;
    }
}
