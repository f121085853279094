package io.manimvideo.codegen;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Reads and writes objects through presigned URLs, the pod's only way to storage (it holds no keys).
 * Failures name what was transferred, never the URL: a presigned URL is a credential.
 */
public final class PresignedObjects {
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final RetryingHttpSender sender;

    public PresignedObjects(RetryingHttpSender sender) {
        this.sender = sender;
    }

    public String get(String what, URI url, Deadline deadline) throws IOException {
        HttpRequest request =
                HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT).GET().build();
        return expectSuccess(what, sender.send(what, request, deadline)).body();
    }

    public void put(String what, URI url, byte[] body, String contentType, Deadline deadline) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        expectSuccess(what, sender.send(what, request, deadline));
    }

    private static HttpResponse<String> expectSuccess(String what, HttpResponse<String> response) throws IOException {
        if (response.statusCode() / 100 != 2) {
            throw new IOException(what + " failed: HTTP " + response.statusCode());
        }
        return response;
    }
}
