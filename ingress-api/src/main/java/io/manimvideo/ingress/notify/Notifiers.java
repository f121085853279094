package io.manimvideo.ingress.notify;

import io.manimvideo.api.Platform;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The notifier of each platform: the one place they are registered (built in IngressMain). */
public final class Notifiers {
    private final Map<Platform, PlatformNotifier> byPlatform = new EnumMap<>(Platform.class);

    public Notifiers(List<PlatformNotifier> notifiers) {
        for (PlatformNotifier notifier : notifiers) {
            if (byPlatform.putIfAbsent(notifier.platform(), notifier) != null) {
                throw new IllegalArgumentException("two notifiers for " + notifier.platform());
            }
        }
    }

    public Optional<PlatformNotifier> forPlatform(Platform platform) {
        return Optional.ofNullable(byPlatform.get(platform));
    }
}
