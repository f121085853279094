package io.manimvideo.operator.queue;

import io.manimvideo.api.VideoJob;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntUnaryOperator;

/**
 * The cap on render pods running at once, and the arrival-ordered line in front of it. JOSDK reconciles
 * VideoJobs in parallel, so every decision is made under this object's lock: the slots taken are counted
 * from the informers' caches ({@link JobCache}, through indexes, not scans) plus the slots handed out whose Job the
 * cache has not shown yet.
 *
 * <p>The line holds every VideoJob the VideoJob informer has shown that waits for a render, from the moment
 * it is seen ({@link #arrived}), not from its first reconcile: reconciles run in parallel and in no
 * particular order, and a VideoJob created a moment later must not take a slot because its reconcile ran
 * first.
 */
public class RenderQueue {
    private final int maxConcurrentRenders;
    private final TreeSet<QueueEntry> waiting = new TreeSet<>();
    /** Each VideoJob the informer shows (by uid) and its place in arrival order. */
    private final Map<String, QueueEntry> known = new HashMap<>();
    /** Render Jobs admitted but not yet seen in the informer cache, with the pods each may run at once. */
    private final Map<String, Integer> reserved = new HashMap<>();
    /** VideoJobs (by uid) seen marked for deletion with work still ahead of them, until they are gone. */
    private final Set<String> markedUnfinished = new HashSet<>();

    private final BulkDeletion bulkDeletion;

    private JobCache jobs = new JobCache() {
        @Override
        public int heldSlots() {
            return 0;
        }

        @Override
        public int heldBetweenSteps(String namespace, String videoJob) {
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

    /** A line that is never held for a bulk deletion. */
    public RenderQueue(int maxConcurrentRenders) {
        this(maxConcurrentRenders, BulkDeletion.never());
    }

    /** A line that stands still while {@code bulkDeletion} says one runs. */
    public RenderQueue(int maxConcurrentRenders, BulkDeletion bulkDeletion) {
        this.maxConcurrentRenders = maxConcurrentRenders;
        this.bulkDeletion = bulkDeletion;
    }

    /**
     * What {@link #admit} decided: start now, or wait at {@code position} (1 = next). {@code held}: the line stands
     * still for a bulk deletion, so the job keeps the position it was last told (see {@link BulkDeletion}).
     */
    public record Admission(boolean admitted, int position, boolean held) {
        static Admission now() {
            return new Admission(true, 0, false);
        }
    }

    /** What the queue needs from the informers' caches. */
    public interface JobCache {
        /**
         * Render slots taken: by the pods render Jobs may still run (a pod that exited 0 no longer), and by each
         * VideoJob between two steps of its render (its render pod planned it, or its parts are done: the next Job
         * takes the slot the last one held), as the informers have seen them.
         */
        int heldSlots();

        /** Of {@link #heldSlots}, the slot {@code videoJob} holds between two steps of its render (0 or 1). */
        int heldBetweenSteps(String namespace, String videoJob);

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
     * The VideoJob informer shows {@code vj}: for the first time (just created, or listed when the operator starts)
     * or changed. At first sight it takes its place in arrival order: among VideoJobs created in the same second
     * (creationTimestamp has whole seconds) the resourceVersion it is first seen with, for one created while the
     * operator runs the etcd revision of its creation, so the line follows the order the API server accepted them
     * in. Whether it is in the line follows what it shows each time: an operator on standby sees jobs arrive but
     * never admits them, and the leader's work (a render started, a job finished) reaches it only this way, so a
     * job that no longer waits must leave the line here or it would stand ahead of the rest for ever once the
     * standby leads.
     *
     * @param waitsForRender it needs a render slot now (direct code not started yet, or queued for a render)
     */
    public synchronized void arrived(VideoJob vj, boolean waitsForRender) {
        QueueEntry entry = known.computeIfAbsent(vj.getMetadata().getUid(), uid -> QueueEntry.of(vj, revision(vj)));
        if (waitsForRender) {
            waiting.add(entry);
        } else {
            waiting.remove(entry);
        }
    }

    /**
     * The informer shows {@code vj} marked for deletion while it still had work ahead of it (not finished): counted
     * once per VideoJob towards a {@link BulkDeletion}.
     */
    public synchronized void markedUnfinished(VideoJob vj) {
        if (markedUnfinished.add(vj.getMetadata().getUid())) {
            bulkDeletion.marked();
        }
    }

    /** The informer no longer shows {@code vj} (deleted): it leaves the line, however it left. */
    public synchronized void removed(VideoJob vj) {
        markedUnfinished.remove(vj.getMetadata().getUid());
        QueueEntry entry = known.remove(vj.getMetadata().getUid());
        if (entry != null) {
            waiting.remove(entry);
        }
    }

    /** {@code vj}'s place in line. */
    public synchronized QueueEntry entryOf(VideoJob vj) {
        QueueEntry entry = known.get(vj.getMetadata().getUid());
        return entry != null ? entry : QueueEntry.of(vj, revision(vj));
    }

    private static long revision(VideoJob vj) {
        try {
            return Long.parseLong(vj.getMetadata().getResourceVersion());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE; // not etcd's revision: the name decides among same-second arrivals
        }
    }

    /**
     * Render pods VideoJob {@code videoJob} may start now under the cap (a render in parts asks for up to this many
     * at once; see {@code PartsParallelism}): the slots nobody takes, and the one it holds itself between two steps
     * of its render. A Job admitted but not yet in the cache counts with the pods it was given.
     */
    public synchronized int freeSlots(String namespace, String videoJob) {
        dropCounted();
        return (int) Math.max(0, maxConcurrentRenders - takenByOthers(namespace, videoJob));
    }

    /**
     * VideoJob {@code videoJob}'s render goes on with Job {@code jobName} (its parts, then their join), without
     * waiting in line: the slot its ended step held is still its own ({@link JobCache#heldBetweenSteps}), so no
     * render further back in line can have taken it. {@code podsFor} says how many pods it runs at once given the
     * slots free to it; they are reserved here until the informer shows the Job.
     *
     * @return the pods reserved (what {@code podsFor} answered for the free slots)
     */
    public synchronized int continueWith(String namespace, String videoJob, String jobName, IntUnaryOperator podsFor) {
        String key = namespace + "/" + jobName;
        reserved.remove(key);
        int pods = podsFor.applyAsInt(freeSlots(namespace, videoJob));
        reserved.put(key, pods);
        return pods;
    }

    /** Slots taken, less the one {@code videoJob} holds itself between two steps: it never waits for its own. */
    private long takenByOthers(String namespace, String videoJob) {
        return (long) jobs.heldSlots() - jobs.heldBetweenSteps(namespace, videoJob) + reservedPods();
    }

    private void dropCounted() {
        reserved.keySet().removeIf(k -> jobs.counted(k.substring(0, k.indexOf('/')), k.substring(k.indexOf('/') + 1)));
    }

    private int reservedPods() {
        return reserved.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Decides whether {@code entry} may create render Job {@code jobName} now. */
    public synchronized Admission admit(QueueEntry entry, String jobName) {
        String key = entry.namespace() + "/" + jobName;
        if (reserved.containsKey(key) || jobs.exists(entry.namespace(), jobName)) {
            waiting.remove(entry); // already created (e.g. before a restart): adopt it
            return Admission.now();
        }
        dropCounted();
        long running = takenByOthers(entry.namespace(), entry.name());
        waiting.add(entry);
        int ahead = waiting.headSet(entry).size();
        if (bulkDeletion.underWay()) {
            return new Admission(false, ahead + 1, true);
        }
        if (ahead < maxConcurrentRenders - running) {
            waiting.remove(entry);
            reserved.put(key, 1);
            return Admission.now();
        }
        return new Admission(false, ahead + 1, false);
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
