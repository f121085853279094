package io.manimvideo.ingress.notify;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.manimvideo.api.Phase;
import io.manimvideo.api.VideoJob;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the VideoJobs of the namespace with a fabric8 informer and hands every added or changed job to
 * the {@link NotificationDispatcher} on a Vert.x context. Resyncs re-offer the jobs whose current version
 * this replica has not settled, so a notification whose send failed is retried; a settled version is not
 * handed over again (with thousands of jobs, re-offering each every interval cost a Redis command apiece,
 * in bursts that slowed the webhooks).
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
    private SharedIndexInformer<VideoJob> informer;
    private MessageConsumer<String> reachable;

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

    /** Starts the informer; it retries on its own while the API server is unreachable. */
    public void start() {
        informer = client.resources(VideoJob.class).inNamespace(namespace).runnableInformer(resyncInterval.toMillis());
        // only Ready jobs are indexed: every message of a chat looks its session up, and a session may have
        // thousands of jobs that are not Ready
        informer.addIndexers(Map.of(
                READY_BY_SESSION,
                job -> job.getSpec() == null
                                || job.getSpec().getSessionId() == null
                                || NotificationDispatcher.phaseOf(job) != Phase.READY
                        ? List.of()
                        : List.of(job.getSpec().getSessionId())));
        // a Ready video not handed over (blocked chat, closed window) is offered again when its person writes
        reachable = reachableAgain.subscribe(sessionId ->
                informer.getIndexer().byIndex(READY_BY_SESSION, sessionId).forEach(this::dispatch));
        informer.addEventHandler(new ResourceEventHandler<>() {
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
                // cancelled or cleaned up: nothing to tell
                context.runOnContext(v -> settled.remove(job.getMetadata().getName()));
            }
        });
        informer.start().whenComplete((v, failure) -> {
            if (failure != null) {
                LOG.warn("event=informer_start_failed cause=\"{}\"", failure.toString());
            } else {
                LOG.info("event=informer_synced namespace={}", namespace);
            }
        });
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
        if (reachable != null) {
            reachable.unregister();
        }
        if (informer != null) {
            informer.close();
        }
    }
}
