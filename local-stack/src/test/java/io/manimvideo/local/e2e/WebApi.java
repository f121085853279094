package io.manimvideo.local.e2e;

import io.manimvideo.local.WebApiClient;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The ingress's web API as a browser script uses it ({@link WebApiClient}), its answers as JSON objects. */
final class WebApi {
    private static final Set<String> TERMINAL = Set.of("ready", "delivered", "failed", "expired");

    private final WebApiClient client;

    WebApi(String baseUrl) throws IOException, InterruptedException {
        this.client = new WebApiClient(baseUrl);
    }

    /** Submits Manim code; answers the JobStatus. */
    JsonObject submitCode(String code) throws IOException, InterruptedException {
        return new JsonObject(client.submit("direct_code", code));
    }

    /** Submits a maths problem; answers the JobStatus. */
    JsonObject submitProblem(String problem) throws IOException, InterruptedException {
        return new JsonObject(client.submit("problem", problem));
    }

    JsonObject job(String jobId) throws IOException, InterruptedException {
        return new JsonObject(client.job(jobId));
    }

    /** Reads the job's SSE stream until a terminal phase; answers every JobStatus received, in order. */
    List<JsonObject> events(String jobId, Duration timeout) throws IOException, InterruptedException {
        List<JsonObject> statuses = new ArrayList<>();
        client.events(jobId, timeout, data -> {
            JsonObject status = new JsonObject(data);
            statuses.add(status);
            return !TERMINAL.contains(status.getString("status"));
        });
        return statuses;
    }
}
