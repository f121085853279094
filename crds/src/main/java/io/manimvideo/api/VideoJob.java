package io.manimvideo.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalSelectableField;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One request for an explainer video: a maths problem for the AI to animate, or Manim code to render.
 * Clients write {@code spec} (and the delivery annotation); only the operator writes {@code status}.
 */
@Group(VideoJob.GROUP)
@Version(VideoJob.VERSION)
@Kind("VideoJob")
@Plural("videojobs")
@Singular("videojob")
@ShortNames("vj")
// kubectl shows the columns in this order (CrdShape keeps it); -o wide adds the priority-1 ones
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Type", jsonPath = ".spec.submissionType", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Platform", jsonPath = ".spec.platform", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Attempts", jsonPath = ".status.attempts", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Progress", jsonPath = ".status.progress", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
        name = "Queue",
        jsonPath = ".status.queuePosition",
        type = AdditionalPrinterColumn.Type.INTEGER,
        priority = 1)
@AdditionalPrinterColumn(
        name = "Parts",
        jsonPath = ".status.parts",
        type = AdditionalPrinterColumn.Type.INTEGER,
        priority = 1)
@AdditionalPrinterColumn(
        name = "Message",
        jsonPath = ".status.message",
        type = AdditionalPrinterColumn.Type.STRING,
        priority = 1)
// field selectors (Kubernetes 1.31+): kubectl get vj --field-selector status.phase=Failed,spec.platform=telegram;
// the ingress watches only jobs past Queued this way
@AdditionalSelectableField(jsonPath = "." + VideoJob.PHASE_FIELD)
@AdditionalSelectableField(jsonPath = ".spec.platform")
@AdditionalSelectableField(jsonPath = ".spec.submissionType")
public class VideoJob extends CustomResource<VideoJobSpec, VideoJobStatus> implements Namespaced {
    public static final String GROUP = "manimvideo.io";
    public static final String VERSION = "v1alpha1";
    /** The field selector's name for the phase; an absent status selects as the empty string. */
    public static final String PHASE_FIELD = "status.phase";

    /**
     * Set by the client that delivered the video (RFC 3339 time). The operator moves a READY job to
     * DELIVERED when it sees it; it is the only thing besides spec that clients write.
     */
    public static final String DELIVERED_ANNOTATION = GROUP + "/delivered-at";

    @Override
    protected VideoJobStatus initStatus() {
        return new VideoJobStatus();
    }
}
