package io.manimvideo.ingress;

import io.vertx.core.Context;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which event loop each verticle of the ingress runs on. Vert.x gives each deployment the next loop of its pool,
 * round robin, and its default pool (twice the cores) is smaller than the ingress's verticles on a small node: the
 * notifications then shared a loop with an HTTP instance, and a webhook's acknowledgement waited behind a burst of
 * notifications. {@link #poolSize} is one loop per verticle, so the verticles, deployed one after the other, get a
 * loop each. Each records its loop as it starts: a start that shares one anyway says so, and tests check it.
 */
final class EventLoops {
    private final Map<String, String> byRole = new LinkedHashMap<>();

    /**
     * One loop per verticle: the notifications, a receiver per chat platform that is on, an HTTP instance per
     * {@code HTTP_EVENT_LOOPS}.
     */
    static int poolSize(IngressConfig config) {
        return 1 + (config.telegramEnabled() ? 1 : 0) + (config.whatsappEnabled() ? 1 : 0) + config.httpInstances();
    }

    /** The verticle, recording the loop it starts on under {@code role}. */
    Deployable named(String role, Deployable verticle) {
        return named(role, verticle, Thread.NORM_PRIORITY);
    }

    /**
     * The verticle, whose work may wait while a webhook is acknowledged: its loop runs at the lowest priority (a nice
     * value where the JVM maps priorities to the OS's, as the image's does; nothing otherwise).
     */
    Deployable background(String role, Deployable verticle) {
        return named(role, verticle, Thread.MIN_PRIORITY);
    }

    private Deployable named(String role, Deployable verticle, int priority) {
        return new Deployable() {
            @Override
            public Future<?> deploy(Context context) throws Exception {
                record(role, Thread.currentThread().getName());
                Thread.currentThread().setPriority(priority);
                return verticle.deploy(context);
            }

            @Override
            public Future<?> undeploy(Context context) throws Exception {
                return verticle.undeploy(context);
            }
        };
    }

    private synchronized void record(String role, String thread) {
        byRole.put(role, thread);
    }

    /** Role → the event loop thread it runs on, in the order they started. */
    synchronized Map<String, String> byRole() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(byRole));
    }

    /** The loops that more than one verticle runs on (none, as sized). */
    synchronized Set<String> shared() {
        return byRole.values().stream()
                .collect(Collectors.groupingBy(thread -> thread, Collectors.counting()))
                .entrySet()
                .stream()
                .filter(e -> e.getValue() > 1)
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }
}
