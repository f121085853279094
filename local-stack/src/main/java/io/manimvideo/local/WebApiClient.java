package io.manimvideo.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The ingress's web API as the web page uses it ({@code contracts/openapi.yaml}): one anonymous session, then
 * submissions, job status and the job's event stream (SSE), each a JobStatus object.
 */
public final class WebApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String token;

    /** Opens a session at {@code baseUrl} (the page's address, without the trailing slash). */
    public WebApiClient(String baseUrl) throws IOException, InterruptedException {
        this.baseUrl = baseUrl;
        var created = send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/sessions"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{}")),
                201);
        this.token = JSON.readTree(created).path("session_token").asText();
    }

    /** Submits a job ({@code problem} or {@code direct_code}); answers the JobStatus as JSON text. */
    public String submit(String submissionType, String content) throws IOException, InterruptedException {
        return submit(submissionType, content, UUID.randomUUID().toString());
    }

    /**
     * As {@link #submit(String, String)} with the client's own {@code Idempotency-Key}: sent again with the same key
     * (after a lost answer), it answers the same job (200) rather than making a second one.
     */
    public String submit(String submissionType, String content, String idempotencyKey)
            throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(Map.of("submission_type", submissionType, "content", content));
        return send(
                authorized("/api/v1/jobs")
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", idempotencyKey)
                        .POST(HttpRequest.BodyPublishers.ofString(body)),
                201,
                200);
    }

    /** As {@link #submit(String, String)} with render options (the API's {@code RenderOptions}: {@code quality}, ...). */
    public String submit(String submissionType, String content, Map<String, Object> options)
            throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(
                Map.of("submission_type", submissionType, "content", content, "options", options));
        return send(
                authorized("/api/v1/jobs")
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .POST(HttpRequest.BodyPublishers.ofString(body)),
                201,
                200);
    }

    /**
     * Picks the session's language, as the page's language menu does ({@code PATCH /api/v1/session}): every later
     * answer, status and video is in it. Answers the session as JSON text.
     */
    public String chooseLanguage(String tag) throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(Map.of("language", tag));
        return send(
                authorized("/api/v1/session")
                        .header("Content-Type", "application/json")
                        .method("PATCH", HttpRequest.BodyPublishers.ofString(body)),
                200);
    }

    /**
     * Posts a submission's JSON body as it is and answers the response whatever its status: a refused one is a
     * problem+json in the session's language.
     */
    public HttpResponse<String> post(Map<String, ?> submission) throws IOException, InterruptedException {
        return http.send(
                authorized("/api/v1/jobs")
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(submission)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The job's JobStatus as JSON text. */
    public String job(String jobId) throws IOException, InterruptedException {
        return send(authorized("/api/v1/jobs/" + jobId).GET(), 200);
    }

    /**
     * Reads the job's event stream, handing each JobStatus (JSON text) to {@code onStatus} until it answers false or
     * the stream ends.
     */
    public void events(String jobId, Duration timeout, Predicate<String> onStatus)
            throws IOException, InterruptedException {
        var response = http.send(
                authorized("/api/v1/jobs/" + jobId + "/events")
                        .timeout(timeout)
                        .header("Accept", "text/event-stream")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IOException("events: HTTP " + response.statusCode());
        }
        try (var in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                } else if (line.isEmpty() && data.length() > 0) {
                    String status = data.toString();
                    data.setLength(0);
                    if (!onStatus.test(status)) {
                        return;
                    }
                }
            }
        }
    }

    /**
     * Saves what a link of a JobStatus (video, captions, transcript) leads to, as the page fetches it: with the
     * session, then, without it, from the short-lived storage URL the service redirects to.
     */
    public Path download(String link, Path file) throws IOException, InterruptedException {
        URI uri = URI.create(baseUrl + "/").resolve(link);
        var response = http.send(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofMinutes(2))
                        .header("Authorization", "Bearer " + token)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofFile(file));
        var location = response.headers().firstValue("Location");
        if (response.statusCode() / 100 == 3 && location.isPresent()) {
            response = http.send(
                    HttpRequest.newBuilder(uri.resolve(location.get()))
                            .timeout(Duration.ofMinutes(2))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofFile(file));
        }
        if (response.statusCode() != 200) {
            throw new IOException("GET " + uri + ": HTTP " + response.statusCode());
        }
        return file;
    }

    /** JSON text as a tree, for reading a JobStatus's fields. */
    public static JsonNode parse(String json) throws IOException {
        return JSON.readTree(json);
    }

    private HttpRequest.Builder authorized(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token);
    }

    private String send(HttpRequest.Builder request, int... expected) throws IOException, InterruptedException {
        var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (java.util.Arrays.stream(expected).noneMatch(code -> code == response.statusCode())) {
            throw new IOException("HTTP " + response.statusCode() + " (expected " + java.util.Arrays.toString(expected)
                    + "): " + response.body());
        }
        return response.body();
    }
}
