package io.manimvideo.ingress.notify;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.manimvideo.api.Phase;
import io.manimvideo.api.VideoJob;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.eventbus.MessageConsumer;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the VideoJobs of the namespace that are past Queued with a fabric8 informer and hands every added or
 * changed job to the {@link NotificationDispatcher} on a Vert.x context. Resyncs re-offer the jobs whose current
 * version this replica has not settled, so a notification whose send failed is retried; a settled version is not
 * handed over again (with thousands of jobs, re-offering each every interval cost a Redis command apiece, in
 * bursts that slowed the webhooks).
 */
public final class VideoJobWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VideoJobWatcher.class);
    private final KubernetesClient client;
    private final String namespace;
    private final Duration resyncInterval;
    private final NotificationDispatcher dispatcher;
    private final Context context;
    /** Ready jobs by session: what to offer again when the person writes (a session's other jobs are not looked at). */
    private static final String READY_BY_SESSION = "ready-by-session";

    /** Jobs being dispatched at once (each a few Redis commands): a resync of thousands waits its turn. */
    private static final int MAX_DISPATCHING = 32;

    private final Map<String, Future<Boolean>> tails = new HashMap<>();
    /** Per job, the resourceVersion whose notification this replica settled (see NotificationDispatcher#onJob). */
    private final Map<String, String> settled = new HashMap<>();

    private final BoundedWork bounded = new BoundedWork(MAX_DISPATCHING);
    private final ReachableAgain reachableAgain;
    /** Replaced only on the context (see #inform); read by fabric8's threads too. */
    private volatile SharedIndexInformer<VideoJob> informer;

    private MessageConsumer<String> reachable;
    private boolean closed;

    public VideoJobWatcher(
            KubernetesClient client,
            String namespace,
            Duration resyncInterval,
            NotificationDispatcher dispatcher,
            Context context,
            ReachableAgain reachableAgain) {
        this.client = client;
        this.namespace = namespace;
        this.resyncInterval = resyncInterval;
        this.dispatcher = dispatcher;
        this.context = context;
        this.reachableAgain = reachableAgain;
    }

    /** Starts following the jobs; it keeps trying while the API server is unreachable or the CRD is missing. */
    public void start() {
        // a Ready video not handed over (blocked chat, closed window) is offered again when its person writes
        reachable = reachableAgain.subscribe(sessionId ->
                informer.getIndexer().byIndex(READY_BY_SESSION, sessionId).forEach(this::dispatch));
        informer = inform(true);
    }

    /**
     * Queued is never news (NotificationDispatcher#onJob), so the API server leaves those jobs out of the watch: a new
     * job is not decoded by every replica, nor kept in its store, until the operator moves it on. A job that goes back
     * to Queued (waiting for a render slot) leaves the watch as a delete and comes back as an add. Without the CRD's
     * selectable fields (Kubernetes before 1.31, or an older CRD) the watch takes every job.
     */
    private SharedIndexInformer<VideoJob> inform(boolean pastQueuedOnly) {
        var jobs = client.resources(VideoJob.class).inNamespace(namespace);
        String queued = client.getKubernetesSerialization().convertValue(Phase.QUEUED, String.class);
        SharedIndexInformer<VideoJob> created = (pastQueuedOnly
                        ? jobs.withoutField(VideoJob.PHASE_FIELD, "") // no status yet
                                .withoutField(VideoJob.PHASE_FIELD, queued)
                        : jobs)
                .runnableInformer(resyncInterval.toMillis());
        // fabric8 gives up when the first list fails: an ingress that started while the API server (or the CRD) was
        // missing would never notify anyone. Keep trying, with the reflector's backoff.
        created.exceptionHandler((started, failure) -> {
            Optional<KubernetesClientException> badRequest = badRequest(failure);
            if (pastQueuedOnly && badRequest.isPresent()) {
                LOG.warn(
                        "event=watch_field_selector_refused action=\"watching every VideoJob\" cause=\"{}\"",
                        Optional.ofNullable(badRequest.get().getStatus())
                                .map(Status::getMessage)
                                .orElse(badRequest.get().getMessage()));
                context.runOnContext(v -> {
                    if (informer == created && !closed) {
                        created.close();
                        informer = inform(false);
                    }
                });
                return false;
            }
            return true;
        });
        // only Ready jobs are indexed: every message of a chat looks its session up, and a session may have
        // thousands of jobs that are not Ready
        created.addIndexers(Map.of(
                READY_BY_SESSION,
                job -> job.getSpec() == null
                                || job.getSpec().getSessionId() == null
                                || NotificationDispatcher.phaseOf(job) != Phase.READY
                        ? List.of()
                        : List.of(job.getSpec().getSessionId())));
        created.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(VideoJob job) {
                dispatch(job);
            }

            @Override
            public void onUpdate(VideoJob oldJob, VideoJob job) {
                dispatch(job);
            }

            @Override
            public void onDelete(VideoJob job, boolean deletedFinalStateUnknown) {
                // cancelled, cleaned up or back to Queued: nothing to tell
                context.runOnContext(v -> settled.remove(job.getMetadata().getName()));
            }
        });
        created.start().whenComplete((v, failure) -> {
            if (failure == null) {
                LOG.info("event=informer_synced namespace={} past_queued_only={}", namespace, pastQueuedOnly);
            }
        });
        return created;
    }

    private static Optional<KubernetesClientException> badRequest(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof KubernetesClientException e && e.getCode() == HttpURLConnection.HTTP_BAD_REQUEST) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** Events of one job are handled one after the other, so its notifications keep the order of its phases. */
    private void dispatch(VideoJob job) {
        context.runOnContext(v -> {
            String name = job.getMetadata().getName();
            String version = job.getMetadata().getResourceVersion();
            if (version != null && version.equals(settled.get(name))) {
                return;
            }
            Future<Boolean> previous = tails.getOrDefault(name, Future.succeededFuture());
            Future<Boolean> next = previous.transform(x -> bounded.submit(() -> dispatcher.onJob(job)));
            tails.put(name, next);
            next.onComplete(done -> {
                tails.remove(name, next);
                // (a job deleted meanwhile is gone from the informer's store and is not remembered)
                if (done.succeeded()
                        && done.result()
                        && version != null
                        && informer.getStore().getByKey(Cache.metaNamespaceKeyFunc(job)) != null) {
                    settled.put(name, version);
                }
            });
        });
    }

    @Override
    public void close() {
        closed = true;
        if (reachable != null) {
            reachable.unregister();
        }
        if (informer != null) {
            informer.close();
        }
    }
}
