package io.manimvideo.ingress.jobs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.manimvideo.api.VideoJob;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Creates VideoJobs with one non-blocking POST from the event loop (the hot path of every submission), on
 * the ingress's own Vert.x HTTP client; everything else goes through fabric8. fabric8 7.5's blocking client
 * costs a worker thread and several thread hand-offs per call (its Vert.x client is built for Vert.x 4),
 * which showed as about twice the API server's own create latency under load (bench/slo.sh, docs/design-notes.md).
 * Same server, TLS trust, client certificate and credentials as the fabric8 client ({@link Config},
 * {@link ApiServerCredentials}), the same JSON (fabric8's serialization, {@link JobJson}), and the same failures: a status
 * other than 2xx is a {@link KubernetesClientException} with the server's Status, then
 * {@link KubernetesCalls#translate} (no answer or a 5xx: the API server is unavailable).
 */
public final class VideoJobCreator {
    /** Connections to the API server at once, as many as fabric8 calls may run ({@link KubernetesCalls}). */
    private static final int POOL_SIZE = 32;

    private final WebClient web;
    private final ApiServerCredentials credentials;
    private final JobJson json;
    private final String jobsUrl;
    private final long timeoutMillis;

    private VideoJobCreator(
            WebClient web, ApiServerCredentials credentials, JobJson json, String jobsUrl, long timeoutMillis) {
        this.web = web;
        this.credentials = credentials;
        this.json = json;
        this.jobsUrl = jobsUrl;
        this.timeoutMillis = timeoutMillis;
    }

    /** A creator for {@code namespace} on the API server {@code kubernetes} talks to, as it authenticates. */
    public static VideoJobCreator create(Vertx vertx, KubernetesClient kubernetes, String namespace) {
        Config config = kubernetes.getConfiguration();
        String master = config.getMasterUrl().endsWith("/") ? config.getMasterUrl() : config.getMasterUrl() + "/";
        URI server = URI.create(master);
        WebClientOptions options = new WebClientOptions()
                .setUserAgent("manim-video-ingress")
                .setKeepAlive(true)
                .setConnectTimeout(config.getConnectionTimeout());
        if ("https".equals(server.getScheme())) {
            options.setSsl(true);
            tls(config, options);
        }
        return new VideoJobCreator(
                WebClient.create(vertx, options, new PoolOptions().setHttp1MaxSize(POOL_SIZE)),
                new ApiServerCredentials(vertx, config, ApiServerCredentials.REFRESH_AFTER),
                new JobJson(),
                master + "apis/" + VideoJob.GROUP + "/" + VideoJob.VERSION + "/namespaces/" + namespace + "/videojobs",
                config.getRequestTimeout());
    }

    /**
     * Creates {@code job}; when its name exists already (an earlier delivery of the same message made it),
     * answers with that job instead.
     */
    public Future<SubmittedJob> create(VideoJob job) {
        Buffer body = json.write(job);
        return send(HttpMethod.POST, jobsUrl, body).compose(created -> {
            if (created.statusCode() == 201 || created.statusCode() == 200) {
                return Future.succeededFuture(new SubmittedJob(parse(created), true));
            }
            if (created.statusCode() != 409) {
                return Future.failedFuture(failure(created));
            }
            return send(HttpMethod.GET, jobsUrl + "/" + job.getMetadata().getName(), null)
                    .compose(existing -> existing.statusCode() == 200
                            ? Future.succeededFuture(new SubmittedJob(parse(existing), false))
                            // gone again since: the conflict stands, as with fabric8
                            : Future.failedFuture(existing.statusCode() == 404 ? failure(created) : failure(existing)));
        });
    }

    /** One request; a 401 reads the credentials again and tries once more (as fabric8 does). */
    private Future<HttpResponse<Buffer>> send(HttpMethod method, String url, Buffer body) {
        return credentials
                .current()
                .compose(authorization -> attempt(method, url, body, authorization))
                .compose(response -> response.statusCode() != 401
                        ? Future.succeededFuture(response)
                        : credentials.refresh().compose(fresh -> attempt(method, url, body, fresh)));
    }

    private Future<HttpResponse<Buffer>> attempt(HttpMethod method, String url, Buffer body, String authorization) {
        var request = web.requestAbs(method, url)
                .putHeader("Accept", "application/json")
                .timeout(timeoutMillis);
        if (authorization != null) {
            request.putHeader("Authorization", authorization);
        }
        Future<HttpResponse<Buffer>> sent = body == null
                ? request.send()
                : request.putHeader("Content-Type", "application/json").sendBuffer(body);
        // no answer at all (refused, reset, timed out): fabric8 reports these with no status code
        return sent.recover(cause -> Future.failedFuture(KubernetesCalls.translate(
                new KubernetesClientException("Failure executing: " + method + " at: " + url, cause))));
    }

    private VideoJob parse(HttpResponse<Buffer> response) {
        return json.job(response.body());
    }

    /** The server's Status (or one made from the status line), as fabric8 raises it, then translated. */
    private Throwable failure(HttpResponse<Buffer> response) {
        Status status;
        try {
            status = json.status(response.body());
        } catch (RuntimeException notStatus) {
            status = null;
        }
        if (status == null || status.getCode() == null) {
            status = new Status();
            status.setCode(response.statusCode());
            status.setMessage(response.statusMessage());
        }
        return KubernetesCalls.translate(
                new KubernetesClientException(status.getMessage(), response.statusCode(), status));
    }

    /**
     * fabric8's JSON rules (its mapper configuration) with readers and writers made once, and without the
     * answer's managedFields: the API server sends them with every object and nothing here reads them, yet
     * binding them was the largest single share of the event loops' samples in a flight recording of
     * bench/slo.sh's job-creating updates.
     */
    private static final class JobJson {
        @JsonIgnoreProperties(value = "managedFields", ignoreUnknown = true)
        private abstract static class WithoutManagedFields {}

        private final ObjectWriter jobWriter;
        private final ObjectReader jobReader;
        private final ObjectReader statusReader;

        JobJson() {
            ObjectMapper mapper = new ObjectMapper().addMixIn(ObjectMeta.class, WithoutManagedFields.class);
            new KubernetesSerialization(mapper, false); // configures the mapper as the client's own
            this.jobWriter = mapper.writerFor(VideoJob.class);
            this.jobReader = mapper.readerFor(VideoJob.class);
            this.statusReader = mapper.readerFor(Status.class);
        }

        Buffer write(VideoJob job) {
            try {
                return Buffer.buffer(jobWriter.writeValueAsBytes(job));
            } catch (IOException e) {
                throw new IllegalStateException("A VideoJob that cannot be written as JSON", e);
            }
        }

        VideoJob job(Buffer body) {
            return read(jobReader, body);
        }

        Status status(Buffer body) {
            return read(statusReader, body);
        }

        private static <T> T read(ObjectReader reader, Buffer body) {
            if (body == null) {
                throw new IllegalArgumentException("An answer without a body");
            }
            try {
                return reader.readValue(body.getBytes());
            } catch (IOException e) {
                throw new IllegalArgumentException("An answer that is not the expected JSON", e);
            }
        }
    }

    /** The trust and client certificate settings fabric8 takes from the same configuration. */
    private static void tls(Config config, WebClientOptions options) {
        if (config.isTrustCerts()) {
            options.setTrustAll(true).setVerifyHost(false);
        } else if (config.getCaCertData() != null) {
            options.setTrustOptions(new PemTrustOptions().addCertValue(decoded(config.getCaCertData())));
        } else if (config.getCaCertFile() != null) {
            options.setTrustOptions(new PemTrustOptions().addCertPath(config.getCaCertFile()));
        }
        if (config.isDisableHostnameVerification()) {
            options.setVerifyHost(false);
        }
        PemKeyCertOptions clientCertificate = new PemKeyCertOptions();
        if (config.getClientCertData() != null && config.getClientKeyData() != null) {
            options.setKeyCertOptions(clientCertificate
                    .setCertValue(decoded(config.getClientCertData()))
                    .setKeyValue(decoded(config.getClientKeyData())));
        } else if (config.getClientCertFile() != null && config.getClientKeyFile() != null) {
            options.setKeyCertOptions(
                    clientCertificate.setCertPath(config.getClientCertFile()).setKeyPath(config.getClientKeyFile()));
        }
    }

    /** fabric8's *Data settings are base64 of the PEM text (or the PEM text itself). */
    private static Buffer decoded(String data) {
        String trimmed = data.trim();
        return Buffer.buffer(
                trimmed.startsWith("-----BEGIN")
                        ? trimmed.getBytes(StandardCharsets.UTF_8)
                        : Base64.getMimeDecoder().decode(trimmed));
    }
}
