package io.manimvideo.ingress;

import io.manimvideo.ingress.http.OperationHandlers;
import io.manimvideo.ingress.notify.PlatformNotifier;
import io.vertx.core.Deployable;
import java.util.Optional;

/**
 * A chat platform plugged into the ingress: the webhook operations it serves (from its contract file),
 * the notifier that talks back to people on it, and optionally a receiver deployed once per process: the worker
 * that takes in what its webhook queued, or one that fetches messages itself (Telegram long polling). Registered in {@link IngressMain#platformModules}.
 */
public record PlatformModule(OperationHandlers routes, PlatformNotifier notifier, Optional<Deployable> receiver) {
    public PlatformModule(OperationHandlers routes, PlatformNotifier notifier) {
        this(routes, notifier, Optional.empty());
    }
}
