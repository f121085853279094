package io.manimvideo.operator.workload;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The kinds of child Job, and the names and labels they carry (docs/design-notes.md, "Names"). Within one attempt
 * they follow each other in this order: codegen, the render (which renders a short scene itself and plans a long
 * one), then for a long scene the render in parts (one Indexed Job) and the join.
 */
public enum Workload {
    CODEGEN,
    RENDER,
    PARTS,
    JOIN;

    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY = "manim-video-operator";
    public static final String VIDEOJOB_LABEL = "manimvideo.io/videojob";
    public static final String WORKLOAD_LABEL = "manimvideo.io/workload";
    public static final String ATTEMPT_LABEL = "manimvideo.io/attempt";
    /** The container in every child pod whose termination message is read. */
    public static final String CONTAINER = "workload";

    /** Within one attempt: codegen, render, parts, join (the declaration order). */
    public static final Comparator<ChildJob> ORDER =
            Comparator.comparingInt(ChildJob::attempt).thenComparing(ChildJob::workload);

    /** Runs the render image, and each of its pods counts against {@code MAX_CONCURRENT_RENDERS}. */
    public boolean isRender() {
        return this != CODEGEN;
    }

    /** The workload a new attempt starts with after this one failed on the infrastructure: the same step. */
    public Workload retried() {
        return isRender() ? RENDER : CODEGEN;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String jobName(String videoJobName, int attempt) {
        return videoJobName + "-" + label() + "-" + attempt;
    }

    public ChildJob child(String videoJobName, int attempt) {
        return new ChildJob(jobName(videoJobName, attempt), this, attempt);
    }

    public Map<String, String> labels(String videoJobName, int attempt) {
        return Map.of(
                MANAGED_BY_LABEL,
                MANAGED_BY,
                VIDEOJOB_LABEL,
                videoJobName,
                WORKLOAD_LABEL,
                label(),
                ATTEMPT_LABEL,
                Integer.toString(attempt));
    }

    /** A child Job identified by its labels (empty for Jobs that are not ours). */
    public static Optional<ChildJob> of(Job job) {
        Map<String, String> labels = job.getMetadata().getLabels();
        if (labels == null || !MANAGED_BY.equals(labels.get(MANAGED_BY_LABEL))) {
            return Optional.empty();
        }
        try {
            Workload workload = valueOf(labels.get(WORKLOAD_LABEL).toUpperCase(Locale.ROOT));
            return Optional.of(
                    new ChildJob(job.getMetadata().getName(), workload, Integer.parseInt(labels.get(ATTEMPT_LABEL))));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Parses a child Job name such as {@code tg-1-render-2}. */
    public static Optional<ChildJob> parseName(String videoJobName, String jobName) {
        for (Workload workload : values()) {
            String prefix = videoJobName + "-" + workload.label() + "-";
            if (jobName != null && jobName.startsWith(prefix)) {
                try {
                    return Optional.of(
                            new ChildJob(jobName, workload, Integer.parseInt(jobName.substring(prefix.length()))));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** One child Job: its name, kind and attempt. */
    public record ChildJob(String name, Workload workload, int attempt) {}
}
