package io.manimvideo.operator.reconcile;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.manimvideo.api.VideoJob;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
 * wakes no reconcile (one reconcile fewer per status write).
 */
class StatusWriter {
  private final KubernetesClient client;
  /** The resourceVersion of the last status written per VideoJob, until its watch event comes back. */
  private final Map<ResourceID, String> written = new ConcurrentHashMap<>();

  StatusWriter(KubernetesClient client) {
    this.client = client;
  }

  void write(VideoJob vj, Context<VideoJob> ctx) {
    String patch = "[{\"op\":\"add\",\"path\":\"/status\",\"value\":"
        + client.getKubernetesSerialization().asJson(vj.getStatus()) + "}]";
    // from the resource in hand: fabric8 GETs the object first when a patch names it only by name
    VideoJob updated = client.resources(VideoJob.class).inNamespace(vj.getMetadata().getNamespace()).resource(vj)
        .subresource("status").patch(PatchContext.of(PatchType.JSON), patch);
    ResourceID id = ResourceID.fromResource(vj);
    written.put(id, updated.getMetadata().getResourceVersion());
    ctx.eventSourceRetriever().getControllerEventSource().handleRecentResourceUpdate(id, updated, vj);
  }

  /** {@code updated} (from a watch event) is exactly what this writer wrote last. */
  boolean isEcho(VideoJob updated) {
    return written.remove(ResourceID.fromResource(updated), updated.getMetadata().getResourceVersion());
  }

  void forget(VideoJob vj) {
    written.remove(ResourceID.fromResource(vj));
  }
}
