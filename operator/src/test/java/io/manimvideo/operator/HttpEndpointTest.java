package io.manimvideo.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.manimvideo.api.Phase;
import io.manimvideo.operator.http.OperatorHttpServer;
import io.manimvideo.operator.testing.VideoJobs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class HttpEndpointTest extends OperatorTestBase {

    @Test
    void servesPrometheusMetricsHealthAndReadiness() throws Exception {
        AtomicBoolean ready = new AtomicBoolean(false);
        try (OperatorHttpServer http = new OperatorHttpServer(0, envt.registry(), ready::get)) {
            http.start();
            create(VideoJobs.directCode("web-metrics"));
            jobs.renderSucceeds("web-metrics-render-1");
            awaitPhase("web-metrics", Phase.READY);

            HttpClient client = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + http.port();
            assertThat(get(client, base + "/healthz").statusCode()).isEqualTo(200);
            assertThat(get(client, base + "/readyz").statusCode()).isEqualTo(503);
            ready.set(true);
            assertThat(get(client, base + "/readyz").statusCode()).isEqualTo(200);
            String metrics = get(client, base + "/metrics").body();
            assertThat(metrics)
                    .contains("manimvideo_videojobs{phase=\"ready\"} 1.0")
                    .contains("manimvideo_videojobs{phase=\"queued\"} 0.0")
                    .contains("manimvideo_job_duration_seconds_count{outcome=\"ready\"} 1")
                    .contains("manimvideo_phase_duration_seconds_count{phase=\"code_validating\"} 1")
                    .contains("operator_sdk_reconciliations_started_total");
        }
    }

    private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
