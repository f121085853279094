package io.manimvideo.ingress.intake;

import java.time.Duration;

/**
 * How the webhook queues behave (declared in {@link io.manimvideo.ingress.IngressSettings}).
 *
 * @param maxLength calls a platform's queue may hold; beyond it the webhook answers 503
 * @param concurrency calls each replica takes in at once, per platform
 * @param retryAfter a call not taken in this long after it was given to a replica is given again
 * @param maxAge a call not taken in this long after it was acknowledged is given up
 */
public record WebhookQueueSettings(int maxLength, int concurrency, Duration retryAfter, Duration maxAge) {}
