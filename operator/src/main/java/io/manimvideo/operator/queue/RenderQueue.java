package io.manimvideo.operator.queue;

import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The cap on render Jobs running at once, and the arrival-ordered line in front of it. JOSDK reconciles
 * VideoJobs in parallel, so every decision is made under this object's lock: the running count is taken
 * from the Job informer's cache (an index, not a scan) plus the slots handed out whose Job the cache has
 * not shown yet.
 */
public class RenderQueue {
  private final int maxConcurrentRenders;
  private final TreeSet<QueueEntry> waiting = new TreeSet<>();
  /** Render Jobs admitted but not yet seen in the informer cache. */
  private final Set<String> reserved = new HashSet<>();
  private JobCache jobs = new JobCache() {
    @Override
    public int runningRenders() {
      return 0;
    }

    @Override
    public boolean exists(String namespace, String name) {
      return false;
    }

    @Override
    public boolean counted(String namespace, String name) {
      return false;
    }
  };
  private boolean seeded;

  public RenderQueue(int maxConcurrentRenders) {
    this.maxConcurrentRenders = maxConcurrentRenders;
  }

  /** What {@link #admit} decided: start now, or wait at {@code position} (1 = next). */
  public record Admission(boolean admitted, int position) {}

  /** What the queue needs from the Job informer's cache. */
  public interface JobCache {
    /** Render Jobs that have not finished, as the informer has seen them. */
    int runningRenders();

    /** The Job exists: the informer has seen it, or this operator has just created it. */
    boolean exists(String namespace, String name);

    /** The informer has seen the Job, so {@link #runningRenders} counts it while it runs. */
    boolean counted(String namespace, String name);
  }

  /** Connects the queue to the Job informer's cache (called once the event source exists). */
  public synchronized void attach(JobCache jobCache) {
    this.jobs = jobCache;
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
    String key = entry.namespace() + "/" + jobName;
    if (reserved.contains(key) || jobs.exists(entry.namespace(), jobName)) {
      waiting.remove(entry); // already created (e.g. before a restart): adopt it
      return new Admission(true, 0);
    }
    reserved.removeIf(k -> jobs.counted(k.substring(0, k.indexOf('/')), k.substring(k.indexOf('/') + 1)));
    long running = jobs.runningRenders() + reserved.size();
    waiting.add(entry);
    int ahead = waiting.headSet(entry).size();
    if (ahead < maxConcurrentRenders - running) {
      waiting.remove(entry);
      reserved.add(key);
      return new Admission(true, 0);
    }
    return new Admission(false, ahead + 1);
  }

  /** The admitted Job could not be created: give the slot back. */
  public synchronized void release(String namespace, String jobName) {
    reserved.remove(namespace + "/" + jobName);
  }

  /** The VideoJob no longer waits (deleted, failed, finished). */
  public synchronized void forget(QueueEntry entry) {
    waiting.remove(entry);
  }

  public synchronized int waitingCount() {
    return waiting.size();
  }
}
