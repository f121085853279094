package io.manimvideo.ingress.testsupport;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** HTTP calls to a running ingress, as a browser or script would make them (JDK HttpClient). */
public final class ApiClient {
    private final String baseUrl;
    // HTTP/1.1 as webhook senders, browsers and wrk use on plain http (the JDK would otherwise try h2c)
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    public ApiClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Starts a web session; returns its token. */
    public String newSession() throws IOException, InterruptedException {
        HttpResponse<String> response = send("POST", "/api/v1/sessions", null, "{}", Map.of());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("session not created: " + response.statusCode() + " " + response.body());
        }
        return new JsonObject(response.body()).getString("session_token");
    }

    /** Submits a problem under {@code idempotencyKey}; returns the new job's id. */
    public String submitProblem(String token, String idempotencyKey) throws IOException, InterruptedException {
        HttpResponse<String> response = postProblem(token, "Show why the derivative of x^2 is 2x", idempotencyKey);
        if (response.statusCode() != 201) {
            throw new IllegalStateException("job not created: " + response.statusCode() + " " + response.body());
        }
        return new JsonObject(response.body()).getString("job_id");
    }

    /** Submits the problem {@code text} under {@code idempotencyKey}, whatever the answer. */
    public HttpResponse<String> postProblem(String token, String text, String idempotencyKey)
            throws IOException, InterruptedException {
        return http.send(problemRequest(token, text, idempotencyKey), HttpResponse.BodyHandlers.ofString());
    }

    public CompletableFuture<HttpResponse<String>> postProblemAsync(String token, String text, String idempotencyKey) {
        return http.sendAsync(problemRequest(token, text, idempotencyKey), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest problemRequest(String token, String text, String idempotencyKey) {
        return request("POST", "/api/v1/jobs", token, problem(text), Map.of("Idempotency-Key", idempotencyKey));
    }

    public HttpResponse<String> send(String method, String path, String token, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        return http.send(request(method, path, token, body, headers), HttpResponse.BodyHandlers.ofString());
    }

    public CompletableFuture<HttpResponse<String>> sendAsync(
            String method, String path, String token, String body, Map<String, String> headers) {
        return http.sendAsync(request(method, path, token, body, headers), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        return send("GET", path, token, null, Map.of());
    }

    /** A problem submission body. */
    public static String problem(String text) {
        return new JsonObject()
                .put("submission_type", "problem")
                .put("content", text)
                .encode();
    }

    public HttpClient http() {
        return http;
    }

    public HttpRequest request(String method, String path, String token, String body, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            builder.header("Content-Type", "application/json");
        }
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        headers.forEach(builder::header);
        return builder.build();
    }
}
