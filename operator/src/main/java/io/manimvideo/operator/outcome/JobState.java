package io.manimvideo.operator.outcome;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.util.Optional;

/** Reads where a Job is from its status, as the job controller writes it. */
public final class JobState {
  private JobState() {}

  public static boolean isFinished(Job job) {
    return succeeded(job) || failed(job);
  }

  public static boolean succeeded(Job job) {
    var status = job.getStatus();
    return status != null && (condition(job, "Complete").isPresent()
        || (status.getSucceeded() != null && status.getSucceeded() > 0));
  }

  public static boolean failed(Job job) {
    var status = job.getStatus();
    return status != null && (condition(job, "Failed").isPresent()
        || (status.getFailed() != null && status.getFailed() > 0));
  }

  /** The reason of the Job's Failed condition, e.g. DeadlineExceeded or BackoffLimitExceeded. */
  public static Optional<String> failureReason(Job job) {
    return condition(job, "Failed").map(JobCondition::getReason);
  }

  private static Optional<JobCondition> condition(Job job, String type) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return job.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
        .findFirst();
  }
}
