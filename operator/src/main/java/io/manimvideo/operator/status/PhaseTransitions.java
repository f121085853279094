package io.manimvideo.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.manimvideo.api.Phase;
import io.manimvideo.api.VideoJob;
import io.manimvideo.api.VideoJobStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves one VideoJob's status from phase to phase during one reconcile, keeping message and the Ready and
 * Failed conditions true at every step, and remembers each transition for events and metrics.
 */
public class PhaseTransitions {
  public static final String READY = "Ready";
  public static final String FAILED = "Failed";

  /** One phase change: the phase entered, the child Job it concerns (if any) and why. */
  public record Transition(Phase phase, String step, String message) {}

  private final VideoJob vj;
  private final Instant now;
  private final List<Transition> transitions = new ArrayList<>();

  public PhaseTransitions(VideoJob vj, Instant now) {
    this.vj = vj;
    this.now = now;
  }

  public Instant now() {
    return now;
  }

  public VideoJobStatus status() {
    return vj.getStatus();
  }

  public List<Transition> transitions() {
    return transitions;
  }

  /**
   * Enters {@code phase} (or only refreshes the message when already there).
   *
   * @param reason reason of the condition that describes the phase (Ready or Failed)
   */
  public void enter(Phase phase, String reason, String message) {
    VideoJobStatus status = vj.getStatus();
    boolean changed = status.getPhase() != phase;
    status.setPhase(phase);
    status.setMessage(message);
    boolean videoAvailable = phase == Phase.READY || phase == Phase.DELIVERED;
    setCondition(READY, videoAvailable, videoAvailable ? reason : reasonFor(phase, reason), message);
    setCondition(FAILED, phase == Phase.FAILED, phase == Phase.FAILED ? reason : "NotFailed",
        phase == Phase.FAILED ? message : "No failure so far.");
    if (changed) {
      transitions.add(new Transition(phase, phase == Phase.QUEUED || phase.isActive() ? status.getActiveJob() : null,
          message));
    }
  }

  /** Enters {@code phase} with the phase's own name as the condition reason. */
  public void enter(Phase phase, String message) {
    enter(phase, reasonOf(phase), message);
  }

  /** The phase as it is spelled in the CRD: {@code AIGenerating}, {@code CodeValidating}. */
  public static String reasonOf(Phase phase) {
    StringBuilder reason = new StringBuilder();
    for (String part : phase.seedName().split("_")) {
      reason.append(part.equals("ai") ? "AI" : Character.toUpperCase(part.charAt(0)) + part.substring(1));
    }
    return reason.toString();
  }

  private static String reasonFor(Phase phase, String reason) {
    return switch (phase) {
      case FAILED -> "Failed";
      case EXPIRED -> "Expired";
      default -> reason;
    };
  }

  private void setCondition(String type, boolean value, String reason, String message) {
    List<Condition> conditions = vj.getStatus().getConditions();
    if (conditions == null) {
      conditions = new ArrayList<>();
      vj.getStatus().setConditions(conditions);
    }
    String wanted = value ? "True" : "False";
    Condition existing = conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    String since = existing != null && wanted.equals(existing.getStatus()) ? existing.getLastTransitionTime()
        : now.toString();
    Condition updated = new ConditionBuilder().withType(type).withStatus(wanted).withReason(reason)
        .withMessage(message).withLastTransitionTime(since)
        .withObservedGeneration(vj.getMetadata().getGeneration()).build();
    if (existing != null) {
      conditions.set(conditions.indexOf(existing), updated);
    } else {
      conditions.add(updated);
    }
  }
}
