package io.manimvideo.operator.reconcile;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.manimvideo.api.VideoJob;
import java.net.HttpURLConnection;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a VideoJob's whole status through the status subresource with one JSON Patch {@code add /status}
 * and puts the answer in JOSDK's cache, so the next reconcile starts from it.
 *
 * <p>Why not {@code UpdateControl.patchStatus}: without server-side apply JOSDK diffs against the cached
 * object, whose status Java fills in with an empty object while the API server (which drops status on
 * create) has none; the resulting {@code add /status/phase} is rejected. Replacing the whole status works
 * whether or not one exists, clears fields that became empty, and never touches spec.
 *
 * <p>Each write comes back as a watch event that carries nothing new; {@link #isEcho} recognises it so it
 * wakes no reconcile (one reconcile fewer per status write). It goes by content, not resourceVersion: the
 * event can arrive before the patch's answer does.
 *
 * <p>A VideoJob being deleted is never written: from then on only its cleanup acts, and a status write would bump
 * its resourceVersion under JOSDK's finalizer removal (a conflict it retries). The cache is asked first; as the cache
 * can lag behind a bulk deletion, the patch also tests on the server that there is no deletion timestamp, and a
 * refusal of that test (or a VideoJob already gone) ends the write quietly, as nothing is left to write.
 */
class StatusWriter {
    private static final Logger LOG = LoggerFactory.getLogger(StatusWriter.class);
    /** A JSON Patch test that holds while the VideoJob has no deletion timestamp. */
    private static final String NOT_BEING_DELETED =
            "{\"op\":\"test\",\"path\":\"/metadata/deletionTimestamp\",\"value\":null}";

    private final KubernetesClient client;
    /** The status last written per VideoJob (as JSON), until its watch event comes back. */
    private final Map<ResourceID, String> written = new ConcurrentHashMap<>();

    StatusWriter(KubernetesClient client) {
        this.client = client;
    }

    void write(VideoJob vj, Context<VideoJob> ctx) {
        ResourceID id = ResourceID.fromResource(vj);
        var cache = ctx.eventSourceRetriever().getControllerEventSource();
        if (cache.get(id)
                .map(cached -> cached.getMetadata().getDeletionTimestamp() != null)
                .orElse(true)) {
            LOG.debug("{} is being deleted; its status is not written", id);
            return;
        }
        String status = client.getKubernetesSerialization().asJson(vj.getStatus());
        written.put(id, status);
        // the test makes the API server refuse the write once the VideoJob is being deleted, also when this
        // operator's cache has not seen that yet (a bulk deletion marks thousands while reconciles run)
        String patch = "[" + NOT_BEING_DELETED + ",{\"op\":\"add\",\"path\":\"/status\",\"value\":" + status + "}]";
        try {
            // from the resource in hand: fabric8 GETs the object first when a patch names it only by name
            VideoJob updated = client.resources(VideoJob.class)
                    .inNamespace(vj.getMetadata().getNamespace())
                    .resource(vj)
                    .subresource("status")
                    .patch(PatchContext.of(PatchType.JSON), patch);
            cache.handleRecentResourceUpdate(id, updated, vj);
        } catch (KubernetesClientException e) {
            written.remove(id, status);
            if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND || refusedAsBeingDeleted(vj, e)) {
                LOG.debug("{} is being deleted or gone; its status is not written", id);
                return;
            }
            throw e;
        } catch (RuntimeException e) {
            written.remove(id, status);
            throw e;
        }
    }

    /**
     * The API server refused the patch (422) and the reason is its test of the deletion timestamp: its answer does
     * not say which operation failed, so the VideoJob is read (only in this rare race).
     */
    private boolean refusedAsBeingDeleted(VideoJob vj, KubernetesClientException e) {
        return e.getCode() == 422 && LiveVideoJob.beingDeletedOrGone(client, vj);
    }

    /**
     * The update from {@code previous} to {@code updated} (a watch event) is the echo of this writer's last write:
     * only status changed, to what was written.
     */
    boolean isEcho(VideoJob updated, VideoJob previous) {
        ResourceID id = ResourceID.fromResource(updated);
        String mine = written.get(id);
        if (mine == null
                || !onlyStatusChanged(updated.getMetadata(), previous.getMetadata())
                || !mine.equals(client.getKubernetesSerialization().asJson(updated.getStatus()))) {
            return false;
        }
        written.remove(id, mine);
        return true;
    }

    private static boolean onlyStatusChanged(ObjectMeta updated, ObjectMeta previous) {
        // spec cannot change (the CRD makes it immutable); the rest of what a client may write is metadata
        return Objects.equals(updated.getLabels(), previous.getLabels())
                && Objects.equals(updated.getAnnotations(), previous.getAnnotations())
                && Objects.equals(updated.getFinalizers(), previous.getFinalizers())
                && Objects.equals(updated.getDeletionTimestamp(), previous.getDeletionTimestamp());
    }

    void forget(VideoJob vj) {
        written.remove(ResourceID.fromResource(vj));
    }
}
