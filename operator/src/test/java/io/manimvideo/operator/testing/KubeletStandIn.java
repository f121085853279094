package io.manimvideo.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.manimvideo.api.workload.Outcome;
import io.manimvideo.api.workload.WorkloadResult;
import io.manimvideo.api.workload.WorkloadResultCodec;
import io.manimvideo.operator.outcome.JobOutcomeReader;
import io.manimvideo.operator.workload.Workload;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The tests' stand-in for the node the control plane lacks: the real Job controller creates each child Job's
 * Pod, and this reports how it ended the way a kubelet does (Pod phase and reason, the container's terminated
 * state with exit code and termination message); the Job controller then finishes the Job. It also makes the
 * workload's own uploads through the presigned URLs the operator put in the pod's environment.
 */
public final class KubeletStandIn {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;
    private final String namespace;
    private final WorkloadResultCodec codec = new WorkloadResultCodec();
    private final HttpClient http = HttpClient.newHttpClient();

    public KubeletStandIn(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** How a pod ended, as the kubelet (and, for a deadline, the Job controller) would report it. */
    public record Ending(
            boolean succeeded,
            int exitCode,
            String containerReason,
            String message,
            String podReason,
            String jobFailureReason) {
        public static Ending reported(WorkloadResult result, String message) {
            boolean ok = result != null && result.outcome() == Outcome.OK;
            return new Ending(
                    ok, ok ? 0 : 1, ok ? "Completed" : "Error", message, null, ok ? null : "BackoffLimitExceeded");
        }
    }

    public Job awaitJob(String name) {
        await().atMost(WAIT).until(() -> job(name) != null);
        return job(name);
    }

    public Job job(String name) {
        return client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
    }

    /** The Pod the Job controller made for the Job. */
    public Pod awaitPod(String jobName) {
        await().atMost(WAIT).until(() -> !pods(jobName).isEmpty());
        return pods(jobName).get(0);
    }

    /** The Job's pods as the API server has them now. */
    public List<Pod> pods(String jobName) {
        return client.pods()
                .inNamespace(namespace)
                .withLabel(JobOutcomeReader.JOB_NAME_LABEL, jobName)
                .list()
                .getItems();
    }

    public String env(Job job, String name) {
        return job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> name.equals(e.getName()))
                .map(EnvVar::getValue)
                .findFirst()
                .orElse(null);
    }

    /** The pod PUTs {@code body} to the presigned URL in its environment variable {@code variable}. */
    public int put(Job job, String variable, String body) throws Exception {
        String url = env(job, variable);
        assertThat(url).as(variable).isNotNull();
        return send(url, body).statusCode();
    }

    private HttpResponse<String> send(String url, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .PUT(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The pod GETs the presigned URL in {@code variable}. */
    public HttpResponse<String> get(Job job, String variable) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(env(job, variable))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The workload wrote {@code result} as its termination message and exited accordingly. */
    public void finish(String jobName, WorkloadResult result) {
        end(jobName, Ending.reported(result, codec.write(result)));
    }

    /**
     * Ends the Job's pod as {@code ending} says. A deadline is not reported by a kubelet: the Job's
     * {@code activeDeadlineSeconds} is shortened to 1 s and the Job controller fails the Job and removes its Pod.
     */
    public void end(String jobName, Ending ending) {
        awaitJob(jobName);
        if ("DeadlineExceeded".equals(ending.jobFailureReason())) {
            client.batch().v1().jobs().inNamespace(namespace).withName(jobName).edit(j -> {
                j.getSpec().setActiveDeadlineSeconds(1L);
                return j;
            });
            return;
        }
        endPod(awaitPod(jobName), ending);
    }

    /** Ends the running pod of index {@code index} of an Indexed Job as {@code ending} says. */
    public void endIndex(String jobName, int index, Ending ending) {
        await().atMost(WAIT).until(() -> podsOfIndex(jobName, index).stream().anyMatch(KubeletStandIn::running));
        endPod(
                podsOfIndex(jobName, index).stream()
                        .filter(KubeletStandIn::running)
                        .findFirst()
                        .orElseThrow(),
                ending);
    }

    /** Every pod the Job controller made for index {@code index} of an Indexed Job (one more for each retry). */
    public List<Pod> podsOfIndex(String jobName, int index) {
        String label = "batch.kubernetes.io/job-completion-index";
        return pods(jobName).stream()
                .filter(p ->
                        String.valueOf(index).equals(p.getMetadata().getLabels().get(label)))
                .toList();
    }

    /**
     * The render-image pods (render, parts, join) that have not ended, as the API server has them now: each takes a
     * slot under {@code MAX_CONCURRENT_RENDERS}.
     */
    public int renderPodsNotEnded() {
        return (int) client.pods().inNamespace(namespace).withLabel(Workload.WORKLOAD_LABEL).list().getItems().stream()
                .filter(p -> !Workload.CODEGEN
                        .label()
                        .equals(p.getMetadata().getLabels().get(Workload.WORKLOAD_LABEL)))
                .filter(KubeletStandIn::running)
                .count();
    }

    private static boolean running(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return !"Succeeded".equals(phase) && !"Failed".equals(phase);
    }

    /** The pod of index {@code index} PUTs {@code body} to its line of the URL list in {@code variable}. */
    public int putLine(Job job, String variable, int index, String body) throws Exception {
        String urls = env(job, variable);
        assertThat(urls).as(variable).isNotNull();
        return send(urls.split("\n")[index], body).statusCode();
    }

    private void endPod(Pod pod, Ending ending) {
        String now = Instant.now().toString();
        String image = pod.getSpec().getContainers().get(0).getImage();
        client.pods()
                .inNamespace(namespace)
                .withName(pod.getMetadata().getName())
                .editStatus(p -> {
                    p.getStatus().setPhase(ending.succeeded() ? "Succeeded" : "Failed");
                    p.getStatus().setReason(ending.podReason());
                    p.getStatus().setStartTime(now);
                    p.getStatus()
                            .setContainerStatuses(List.of(new ContainerStatusBuilder()
                                    .withName(Workload.CONTAINER)
                                    .withImage(image)
                                    .withImageID("")
                                    .withReady(false)
                                    .withRestartCount(0)
                                    .withStarted(false)
                                    .withNewState()
                                    .withNewTerminated()
                                    .withExitCode(ending.exitCode())
                                    .withReason(ending.containerReason())
                                    .withMessage(ending.message())
                                    .withStartedAt(now)
                                    .withFinishedAt(now)
                                    .endTerminated()
                                    .endState()
                                    .build()));
                    return p;
                });
    }

    /** A codegen pod that wrote {@code code} to storage and reports success. */
    public void codegenSucceeds(String jobName, String code) throws Exception {
        codegenSucceeds(jobName, code, Results.codegenOk(code));
    }

    /** A codegen pod that wrote {@code code} to storage and reports {@code result}. */
    public void codegenSucceeds(String jobName, String code, WorkloadResult result) throws Exception {
        Job job = awaitJob(jobName);
        assertThat(put(job, "CODEGEN_CODE_PUT_URL", code)).isEqualTo(200);
        finish(jobName, result);
    }

    /** A codegen pod that reports success (its code upload is not looked at). */
    public void codegenSucceedsQuietly(String jobName) throws Exception {
        codegenSucceeds(jobName, "from manim import *\n");
    }

    /** A render pod that uploaded video, thumbnail, subtitles and transcript, and reports success. */
    public void renderSucceeds(String jobName) throws Exception {
        renderSucceeds(jobName, Results.renderOk());
    }

    /** A render pod that uploaded video, thumbnail, subtitles and transcript, and reports {@code result}. */
    public void renderSucceeds(String jobName, WorkloadResult result) throws Exception {
        assertThat(get(awaitJob(jobName), "MANIMRENDER_CODE_URL").statusCode()).isEqualTo(200);
        uploaded(jobName, result);
    }

    /**
     * The join of a render in parts: it read every part's video and result, then uploaded the one video, thumbnail,
     * subtitles and transcript, and reports {@code result}.
     */
    public void joinSucceeds(String jobName, WorkloadResult result) throws Exception {
        readsTheParts(awaitJob(jobName), -1);
        uploaded(jobName, result);
    }

    /** A part of a render in parts that stored its video and result on its lines and exits 0 reporting {@code result}. */
    public void partSucceeds(String jobName, int index, WorkloadResult result) throws Exception {
        Job job = awaitJob(jobName);
        assertThat(putLine(job, "MANIMRENDER_PART_VIDEO_PUT_URLS", index, "part video " + index))
                .isEqualTo(200);
        assertThat(putLine(job, "MANIMRENDER_PART_RESULT_PUT_URLS", index, "{\"seconds\":6}"))
                .isEqualTo(200);
        endIndex(jobName, index, Ending.reported(result, codec.write(result)));
    }

    /**
     * The last part of a render in parts, once it has rendered its own range: it read every other part's video and
     * result (stored by their pods), uploaded the one video, thumbnail, subtitles and transcript with the Job's URLs,
     * and exits 0 reporting {@code result}.
     */
    public void lastPartJoins(String jobName, int index, WorkloadResult result) throws Exception {
        Job job = awaitJob(jobName);
        readsTheParts(job, index);
        uploads(job, "fake mp4 bytes");
        endIndex(jobName, index, Ending.reported(result, codec.write(result)));
    }

    /** Every part's video and result can be read with {@code job}'s GET lines (but those of {@code own}). */
    private void readsTheParts(Job job, int own) throws Exception {
        for (String variable : List.of("MANIMRENDER_PART_VIDEO_URLS", "MANIMRENDER_PART_RESULT_URLS")) {
            String[] urls = env(job, variable).split("\n");
            for (int i = 0; i < urls.length; i++) {
                if (i == own) {
                    continue;
                }
                assertThat(http.send(
                                        HttpRequest.newBuilder(URI.create(urls[i]))
                                                .GET()
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .statusCode())
                        .as(variable + ", part " + i)
                        .isEqualTo(200);
            }
        }
    }

    /**
     * A render pod that uploaded everything and stored {@code result} (with a video of the size it states, named by
     * its MD5), then was deleted as {@code kubectl delete pod} does it, before it exited: its termination message is
     * never read.
     */
    public void renderStoresThenItsPodIsDeleted(String jobName, WorkloadResult result) throws Exception {
        renderStores(jobName, result);
        deletePod(jobName);
    }

    /**
     * The render pod (or the join of a render in parts, which reads no code) stores {@code result} as the real one
     * does, naming the video of the size it states by its MD5, then uploads the video, thumbnail and subtitles.
     */
    public void renderStores(String jobName, WorkloadResult result) throws Exception {
        Job job = awaitJob(jobName);
        if (env(job, "MANIMRENDER_JOIN_PARTS") == null) {
            assertThat(get(job, "MANIMRENDER_CODE_URL").statusCode()).isEqualTo(200);
        }
        String video = "v".repeat(Math.toIntExact(result.sizeBytes()));
        ObjectNode stored = (ObjectNode) JSON.readTree(codec.write(result));
        stored.put("videoMd5", Results.md5(video));
        assertThat(put(job, "MANIMRENDER_RESULT_PUT_URL", stored.toString())).isEqualTo(200);
        uploads(job, video);
    }

    /** The Job's pod deleted with grace 0, as {@code kubectl delete pod --grace-period=0} does. */
    public void deletePod(String jobName) {
        Pod pod = awaitPod(jobName);
        client.pods()
                .inNamespace(namespace)
                .withName(pod.getMetadata().getName())
                .withGracePeriod(0)
                .delete();
    }

    private void uploaded(String jobName, WorkloadResult result) throws Exception {
        uploads(awaitJob(jobName), "fake mp4 bytes");
        finish(jobName, result);
    }

    private void uploads(Job job, String video) throws Exception {
        assertThat(put(job, "MANIMRENDER_VIDEO_PUT_URL", video)).isEqualTo(200);
        assertThat(put(job, "MANIMRENDER_THUMBNAIL_PUT_URL", "fake png bytes")).isEqualTo(200);
        assertThat(put(job, "MANIMRENDER_CAPTIONS_PUT_URL", "WEBVTT\n\n1\n00:00:00.000 --> 00:00:02.000\nHi\n"))
                .isEqualTo(200);
        assertThat(put(job, "MANIMRENDER_TRANSCRIPT_PUT_URL", "Hi\n")).isEqualTo(200);
    }
}
