package io.manimvideo.ingress.testsupport;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.manimvideo.api.VideoJob;
import io.manimvideo.api.VideoJobStatus;
import java.net.HttpURLConnection;
import java.util.function.Consumer;

/** The API server an ingress under test creates VideoJobs on, with the namespace they go to. */
public interface KubernetesEndpoint extends AutoCloseable {
    /** A client for the test's own reads and writes (closed with this endpoint). */
    KubernetesClient client();

    /** A new client (the service under test gets its own and closes it). */
    KubernetesClient newClient();

    /** Where the ingress creates VideoJobs. */
    String namespace();

    /**
     * Writes a VideoJob's status as the operator would (PUT of the status subresource, again on a conflict).
     * Not a JSON patch: the ingress creates VideoJobs without a status, so there is no {@code /status} to patch.
     */
    default VideoJob writeStatus(String name, Consumer<VideoJobStatus> change) {
        var jobs = client().resources(VideoJob.class).inNamespace(namespace());
        for (int attempt = 1; ; attempt++) {
            VideoJob job = jobs.withName(name).get();
            VideoJobStatus status = job.getStatus() == null ? new VideoJobStatus() : job.getStatus();
            change.accept(status);
            job.setStatus(status);
            try {
                return jobs.resource(job).updateStatus();
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == 5) {
                    throw e;
                }
            }
        }
    }

    @Override
    void close();
}
