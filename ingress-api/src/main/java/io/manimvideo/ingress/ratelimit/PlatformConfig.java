package io.manimvideo.ingress.ratelimit;

import io.manimvideo.api.Platform;

/**
 * The data model's PlatformConfiguration without its credentials (those live in Kubernetes Secrets and reach
 * the service as environment variables): rate limits and feature flags per platform.
 */
public record PlatformConfig(
        Platform platform,
        int rateLimitPerHour,
        int rateLimitBurst,
        boolean directCodeEnabled,
        boolean accessibilityEnabled) {}
