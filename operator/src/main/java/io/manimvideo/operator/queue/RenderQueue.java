package io.manimvideo.operator.queue;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.manimvideo.operator.outcome.JobState;
import io.manimvideo.operator.workload.Workload;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The cap on render Jobs running at once, and the arrival-ordered line in front of it. JOSDK reconciles
 * VideoJobs in parallel, so every decision is made under this object's lock: the running count is taken
 * from the Job informer's cache plus the slots handed out whose Job the cache has not shown yet.
 */
public class RenderQueue {
  private final int maxConcurrentRenders;
  private final TreeSet<QueueEntry> waiting = new TreeSet<>();
  /** Render Jobs admitted but not yet seen in the informer cache. */
  private final Set<String> reserved = new HashSet<>();
  private Supplier<Stream<Job>> jobs = Stream::empty;
  private Function<String, Boolean> jobKnown = name -> false;
  private boolean seeded;

  public RenderQueue(int maxConcurrentRenders) {
    this.maxConcurrentRenders = maxConcurrentRenders;
  }

  /** What {@link #admit} decided: start now, or wait at {@code position} (1 = next). */
  public record Admission(boolean admitted, int position) {}

  /** Connects the queue to the Job informer's cache (called once the event source exists). */
  public synchronized void attach(Supplier<Stream<Job>> renderJobs, Function<String, Boolean> containsJob) {
    this.jobs = renderJobs;
    this.jobKnown = containsJob;
  }

  /**
   * Seeds the line, once, with every VideoJob known to be waiting, so a restart does not let a late
   * arrival overtake an earlier one whose reconcile happens to run later.
   */
  public synchronized void seedOnce(Supplier<Stream<QueueEntry>> waitingNow) {
    if (!seeded) {
      seeded = true;
      waitingNow.get().forEach(waiting::add);
    }
  }

  /** Decides whether {@code entry} may create render Job {@code jobName} now. */
  public synchronized Admission admit(QueueEntry entry, String jobName) {
    if (jobKnown.apply(jobName) || reserved.contains(jobName)) {
      waiting.remove(entry); // already created (e.g. before a restart): adopt it
      return new Admission(true, 0);
    }
    reserved.removeIf(jobKnown::apply);
    long running = jobs.get().filter(RenderQueue::isRender).filter(j -> !JobState.isFinished(j)).count()
        + reserved.size();
    waiting.add(entry);
    int ahead = waiting.headSet(entry).size();
    if (ahead < maxConcurrentRenders - running) {
      waiting.remove(entry);
      reserved.add(jobName);
      return new Admission(true, 0);
    }
    return new Admission(false, ahead + 1);
  }

  /** The admitted Job could not be created: give the slot back. */
  public synchronized void release(String jobName) {
    reserved.remove(jobName);
  }

  /** The VideoJob no longer waits (deleted, failed, finished). */
  public synchronized void forget(QueueEntry entry) {
    waiting.remove(entry);
  }

  public synchronized int waitingCount() {
    return waiting.size();
  }

  private static boolean isRender(Job job) {
    return Workload.of(job).map(c -> c.workload() == Workload.RENDER).orElse(false);
  }
}
