package io.manimvideo.ingress;

import java.time.Duration;

/**
 * How long each kind of Redis key the ingress writes lives (declared in {@link IngressSettings}): read once and
 * handed to the parts that write those keys.
 *
 * @param session a session and everything it owns, after its last activity
 * @param linkCode a {@code /link} code
 * @param chatReplyDedupe the marker that a chat message was answered
 * @param telegramProgressMessage which Telegram message shows a job's progress
 * @param notifyPhaseGuard that a phase was told to the person
 * @param notifySending the lease of one replica's claim to send a notification (renewed while it sends)
 */
public record RedisLifetimes(
        Duration session,
        Duration linkCode,
        Duration chatReplyDedupe,
        Duration telegramProgressMessage,
        Duration notifyPhaseGuard,
        Duration notifySending) {}
