package io.manimvideo.ingress;

import io.manimvideo.ingress.http.OperationHandlers;
import io.manimvideo.ingress.notify.PlatformNotifier;

/**
 * A chat platform plugged into the ingress: the webhook operations it serves (from its contract file)
 * and the notifier that talks back to people on it. Registered in {@link IngressMain#platformModules}.
 */
public record PlatformModule(OperationHandlers routes, PlatformNotifier notifier) {}
