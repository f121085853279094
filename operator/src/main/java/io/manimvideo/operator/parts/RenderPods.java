package io.manimvideo.operator.parts;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.manimvideo.operator.outcome.JobOutcomeReader;
import io.manimvideo.operator.outcome.JobState;
import java.util.Collection;

/** The render pods a render Job may run at once, each of which takes a slot under {@code MAX_CONCURRENT_RENDERS}. */
public final class RenderPods {
    private RenderPods() {}

    /** Its parallelism: 1 for a single render, the pods at once of a render in parts. */
    private static int parallelism(Job job) {
        Integer parallelism = job.getSpec() == null ? null : job.getSpec().getParallelism();
        return parallelism == null ? 1 : Math.max(1, parallelism);
    }

    /**
     * The pods {@code job} may still run at once, given {@code itsPods}: its parallelism, but no more than its
     * completions whose pod has not exited 0 yet, and none once it is finished. A pod that exited 0 is never run
     * again (its completion is done), so its slot is free from its exit on, a second or two before the Job
     * controller marks the Job Complete; a pod that failed may be run again, so its slot stays taken until the Job
     * says.
     */
    public static int stillToRun(Job job, Collection<Pod> itsPods) {
        if (JobState.isFinished(job)) {
            return 0;
        }
        long done = itsPods.stream()
                .filter(JobOutcomeReader::exitedCleanly)
                .map(JobOutcomeReader::completionIndex)
                .distinct()
                .count();
        long left = JobOutcomeReader.completions(job) - done;
        return (int) Math.max(0, Math.min(parallelism(job), left));
    }
}
