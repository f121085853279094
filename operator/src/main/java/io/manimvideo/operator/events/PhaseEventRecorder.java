package io.manimvideo.operator.events;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.manimvideo.api.Phase;
import io.manimvideo.api.VideoJob;
import java.time.Instant;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kubernetes Event per phase transition. Names are derived from the VideoJob, the phase and the child
 * Job the phase belongs to, so a reconcile repeated after a restart meets AlreadyExists instead of writing
 * a second Event.
 */
public class PhaseEventRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(PhaseEventRecorder.class);
    private static final String COMPONENT = "manim-video-operator";

    private final KubernetesClient client;

    public PhaseEventRecorder(KubernetesClient client) {
        this.client = client;
    }

    /**
     * @param step the child Job the new phase is about ({@code null} for phases that happen once)
     * @param reason the machine reason: the phase ({@code AIGenerating}), or the failure's ({@code InvalidCode})
     */
    public void record(VideoJob vj, Phase phase, String step, String reason, String message, Instant now) {
        String name = eventName(vj, phase, step);
        String time = now.toString();
        var event = new EventBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(vj.getMetadata().getNamespace())
                .endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder()
                        .withApiVersion(vj.getApiVersion())
                        .withKind(vj.getKind())
                        .withNamespace(vj.getMetadata().getNamespace())
                        .withName(vj.getMetadata().getName())
                        .withUid(vj.getMetadata().getUid())
                        .build())
                .withType(phase == Phase.FAILED ? "Warning" : "Normal")
                .withReason(reason)
                .withMessage(message == null ? reason : message)
                .withFirstTimestamp(time)
                .withLastTimestamp(time)
                .withCount(1)
                .withNewSource()
                .withComponent(COMPONENT)
                .endSource()
                .withReportingComponent(COMPONENT)
                .build();
        try {
            client.v1()
                    .events()
                    .inNamespace(vj.getMetadata().getNamespace())
                    .resource(event)
                    .create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                LOG.warn(
                        "could not record event {} for {}: {}",
                        name,
                        vj.getMetadata().getName(),
                        e.getMessage());
            }
        }
    }

    static String eventName(VideoJob vj, Phase phase, String step) {
        String uid = vj.getMetadata().getUid();
        String base =
                vj.getMetadata().getName() + "." + (uid == null ? "0" : uid.substring(0, Math.min(8, uid.length())))
                        + "." + phase.wireName().replace('_', '-');
        return step == null ? base : base + "." + step.toLowerCase(Locale.ROOT);
    }
}
