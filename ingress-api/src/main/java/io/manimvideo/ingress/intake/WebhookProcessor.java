package io.manimvideo.ingress.intake;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * What a platform does with one acknowledged webhook call: takes in every message of it (sessions, VideoJobs,
 * replies). Succeeds once all are recorded; fails only when that could not be done now (Redis or the API
 * server unavailable), and is then called again with the same body, so it must be idempotent (it is: by
 * message id).
 */
@FunctionalInterface
public interface WebhookProcessor {
    Future<Void> process(Buffer body);
}
