package io.manimvideo.local.e2e;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.manimvideo.api.Phase;
import io.manimvideo.api.VideoJob;
import io.manimvideo.local.LocalStack;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the API server showed during the run, looked at every two seconds (a look that fails while the API server is
 * down is skipped): when each VideoJob was first seen in an end phase, when its status last moved on (phase,
 * attempt, child Job, queue position or progress), and every child Job ever seen, by name with the uids it had (a
 * second uid under one name is a second Job made for the same attempt) and whether it was seen Failed.
 */
final class JobTimeline implements AutoCloseable {
    static final Set<Phase> SETTLED = Set.of(Phase.READY, Phase.DELIVERED, Phase.FAILED, Phase.EXPIRED);

    private final EndToEndStack e2e;
    private final Map<String, Instant> settledAt = new ConcurrentHashMap<>();
    private final Map<String, String> lastState = new ConcurrentHashMap<>();
    private final Map<String, Instant> movedAt = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> childJobUids = new ConcurrentHashMap<>();
    private final Set<String> failedChildJobs = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread looker;

    JobTimeline(EndToEndStack e2e) {
        this.e2e = e2e;
        this.looker = new Thread(this::lookEveryTwoSeconds, "job-timeline");
        looker.setDaemon(true);
        looker.start();
    }

    private void lookEveryTwoSeconds() {
        while (running.get()) {
            try {
                look();
            } catch (RuntimeException e) {
                // the API server is down or restarting: the next look sees what happened meanwhile
            }
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One look; also called by the checker for the final state. */
    List<VideoJob> look() {
        List<VideoJob> jobs = e2e.videoJobs();
        Instant now = Instant.now();
        for (VideoJob job : jobs) {
            if (job.getStatus() != null && SETTLED.contains(job.getStatus().getPhase())) {
                settledAt.putIfAbsent(job.getMetadata().getName(), now);
            }
            String state = job.getStatus() == null
                    ? "new"
                    : job.getStatus().getPhase() + " " + job.getStatus().getAttempts() + " "
                            + job.getStatus().getActiveJob() + " "
                            + job.getStatus().getQueuePosition() + " "
                            + job.getStatus().getProgress();
            if (!state.equals(lastState.put(job.getMetadata().getName(), state))) {
                movedAt.put(job.getMetadata().getName(), now);
            }
        }
        for (Job child : e2e.stack
                .client()
                .batch()
                .v1()
                .jobs()
                .inNamespace(LocalStack.NAMESPACE)
                .list()
                .getItems()) {
            childJobUids
                    .computeIfAbsent(child.getMetadata().getName(), n -> ConcurrentHashMap.newKeySet())
                    .add(child.getMetadata().getUid());
            if (child.getStatus() != null
                    && child.getStatus().getConditions() != null
                    && child.getStatus().getConditions().stream()
                            .anyMatch(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus()))) {
                failedChildJobs.add(child.getMetadata().getName());
            }
        }
        return jobs;
    }

    /** When the VideoJob was first seen Ready, Delivered, Failed or Expired, or null. */
    Instant settledAt(String videoJob) {
        return settledAt.get(videoJob);
    }

    /** When the VideoJob's status was last seen to move on (or first seen), or null. */
    Instant movedAt(String videoJob) {
        return movedAt.get(videoJob);
    }

    /** The child Jobs of a VideoJob ({@code <vj>-codegen-<n>}, {@code <vj>-render-<n>}) seen with more than one uid. */
    List<String> remadeChildJobs(String videoJob) {
        return childJobUids.entrySet().stream()
                .filter(e -> e.getKey().startsWith(videoJob + "-"))
                .filter(e -> e.getValue().size() > 1)
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    /** Whether the child Job of this name was ever seen with its Failed condition. */
    boolean seenFailed(String childJob) {
        return failedChildJobs.contains(childJob);
    }

    @Override
    public void close() {
        running.set(false);
        looker.interrupt();
    }
}
