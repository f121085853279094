package io.manimvideo.local;

import java.util.Map;

/**
 * Environment variables set on the operator and the ingress on top of what the stack gives them (its own
 * endpoints and keys), e.g. the chat platforms' tokens and API URLs, or {@code DELIVERY_GRACE}.
 */
public record ServiceOverrides(Map<String, String> operator, Map<String, String> ingress) {
    public ServiceOverrides {
        operator = Map.copyOf(operator);
        ingress = Map.copyOf(ingress);
    }

    public static ServiceOverrides none() {
        return new ServiceOverrides(Map.of(), Map.of());
    }
}
