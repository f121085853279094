package io.manimvideo.operator.reconcile;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.manimvideo.api.VideoJob;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds and creates a VideoJob's child Jobs: informer cache first, create-or-adopt on the API. */
public class ChildJobClient implements JobCreator {
    private static final Logger LOG = LoggerFactory.getLogger(ChildJobClient.class);

    private final KubernetesClient client;
    /** namespace/name of the Jobs whose create call is under way. */
    private final Set<String> creating = ConcurrentHashMap.newKeySet();

    private volatile InformerEventSource<Job, VideoJob> jobSource;

    public ChildJobClient(KubernetesClient client) {
        this.client = client;
    }

    void attach(InformerEventSource<Job, VideoJob> jobSource) {
        this.jobSource = jobSource;
    }

    /**
     * The child Job named {@code name}; when the cache does not have it and {@code askApi} is set (the status
     * says it runs), the API server is asked before the Job is taken as gone.
     */
    Optional<Job> find(VideoJob vj, Context<VideoJob> ctx, String name, boolean askApi) {
        String namespace = vj.getMetadata().getNamespace();
        // the event source also knows a Job this operator just created and its informer has not seen yet
        Optional<Job> cached = ctx.getSecondaryResourcesAsStream(Job.class)
                .filter(j -> name.equals(j.getMetadata().getName()))
                .findFirst()
                .or(() -> jobSource.get(new ResourceID(name, namespace)));
        if (cached.isPresent() || !askApi) {
            return cached;
        }
        return Optional.ofNullable(
                client.batch().v1().jobs().inNamespace(namespace).withName(name).get());
    }

    /** Creates the Job; one that exists already (a restart between create and status) is adopted. */
    @Override
    public void create(VideoJob vj, Job job) {
        String key = key(job);
        creating.add(key);
        try {
            Job created = client.resource(job).create();
            jobSource.handleRecentResourceCreate(ResourceID.fromResource(vj), created);
            LOG.info(
                    "created Job {}/{}",
                    job.getMetadata().getNamespace(),
                    job.getMetadata().getName());
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            LOG.info(
                    "Job {}/{} exists already; adopting it",
                    job.getMetadata().getNamespace(),
                    job.getMetadata().getName());
        } finally {
            creating.remove(key);
        }
    }

    @Override
    public boolean stillWanted(VideoJob vj) {
        return !LiveVideoJob.beingDeletedOrGone(client, vj);
    }

    /** This operator's create call for {@code job} has not returned yet. */
    boolean isBeingCreated(Job job) {
        return creating.contains(key(job));
    }

    private static String key(Job job) {
        return job.getMetadata().getNamespace() + "/" + job.getMetadata().getName();
    }
}
