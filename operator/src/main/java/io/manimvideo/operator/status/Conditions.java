package io.manimvideo.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.manimvideo.api.Phase;
import io.manimvideo.api.VideoJob;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The Ready and Failed conditions, kept true for the phase a VideoJob is in. */
final class Conditions {
    static final String READY = "Ready";
    static final String FAILED = "Failed";

    private Conditions() {}

    /**
     * Describes {@code phase}: Ready is True while a video is available, Failed while the job has failed.
     *
     * @param reason reason of the condition that describes the phase (Ready or Failed)
     * @param noFailure the Failed condition's message while the job has not failed
     */
    static void describe(VideoJob vj, Phase phase, String reason, String message, String noFailure, Instant now) {
        boolean videoAvailable = phase == Phase.READY || phase == Phase.DELIVERED;
        set(vj, now, READY, videoAvailable, videoAvailable ? reason : reasonFor(phase, reason), message);
        set(
                vj,
                now,
                FAILED,
                phase == Phase.FAILED,
                phase == Phase.FAILED ? reason : "NotFailed",
                phase == Phase.FAILED ? message : noFailure);
    }

    private static String reasonFor(Phase phase, String reason) {
        return switch (phase) {
            case FAILED -> "Failed";
            case EXPIRED -> "Expired";
            default -> reason;
        };
    }

    private static void set(VideoJob vj, Instant now, String type, boolean value, String reason, String message) {
        List<Condition> conditions = vj.getStatus().getConditions();
        if (conditions == null) {
            conditions = new ArrayList<>();
            vj.getStatus().setConditions(conditions);
        }
        String wanted = value ? "True" : "False";
        Condition existing = conditions.stream()
                .filter(c -> type.equals(c.getType()))
                .findFirst()
                .orElse(null);
        String since = existing != null && wanted.equals(existing.getStatus())
                ? existing.getLastTransitionTime()
                : now.toString();
        Condition updated = new ConditionBuilder()
                .withType(type)
                .withStatus(wanted)
                .withReason(reason)
                .withMessage(message)
                .withLastTransitionTime(since)
                .withObservedGeneration(vj.getMetadata().getGeneration())
                .build();
        if (existing != null) {
            conditions.set(conditions.indexOf(existing), updated);
        } else {
            conditions.add(updated);
        }
    }
}
