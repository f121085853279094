package io.manimvideo.local.e2e;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The ingress's web API as a browser script uses it: one anonymous session, submissions, status, SSE. */
final class WebApi {
  private static final Set<String> TERMINAL = Set.of("ready", "delivered", "failed", "expired");

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;
  private final String token;

  WebApi(String baseUrl) throws IOException, InterruptedException {
    this.baseUrl = baseUrl;
    var created = send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/sessions"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")), 201);
    this.token = created.getString("session_token");
  }

  /** Submits Manim code; answers the JobStatus. */
  JsonObject submitCode(String code) throws IOException, InterruptedException {
    var body = new JsonObject().put("submission_type", "direct_code").put("content", code);
    return send(authorized("/api/v1/jobs").header("Content-Type", "application/json")
        .header("Idempotency-Key", UUID.randomUUID().toString())
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())), 201);
  }

  /** Submits a maths problem; answers the JobStatus. */
  JsonObject submitProblem(String problem) throws IOException, InterruptedException {
    var body = new JsonObject().put("submission_type", "problem").put("content", problem);
    return send(authorized("/api/v1/jobs").header("Content-Type", "application/json")
        .header("Idempotency-Key", UUID.randomUUID().toString())
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())), 201);
  }

  JsonObject job(String jobId) throws IOException, InterruptedException {
    return send(authorized("/api/v1/jobs/" + jobId).GET(), 200);
  }

  /** Reads the job's SSE stream until a terminal phase; answers every JobStatus received, in order. */
  List<JsonObject> events(String jobId, Duration timeout) throws IOException, InterruptedException {
    var response = http.send(authorized("/api/v1/jobs/" + jobId + "/events").timeout(timeout)
        .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      throw new IOException("events: HTTP " + response.statusCode());
    }
    List<JsonObject> statuses = new ArrayList<>();
    try (var in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      StringBuilder data = new StringBuilder();
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith("data:")) {
          data.append(line.substring(5).strip());
        } else if (line.isEmpty() && data.length() > 0) {
          JsonObject status = new JsonObject(data.toString());
          data.setLength(0);
          statuses.add(status);
          if (TERMINAL.contains(status.getString("status"))) {
            break;
          }
        }
      }
    }
    return statuses;
  }

  private HttpRequest.Builder authorized(String path) {
    return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + token);
  }

  private JsonObject send(HttpRequest.Builder request, int expected) throws IOException, InterruptedException {
    var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != expected) {
      throw new IOException("HTTP " + response.statusCode() + " (expected " + expected + "): " + response.body());
    }
    return new JsonObject(response.body());
  }
}
