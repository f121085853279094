package io.manimvideo.operator.parts;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.manimvideo.api.workload.WorkloadResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How one render attempt is split: contiguous ranges of the scene's animations, in order, each with the seconds
 * the render pod's plan estimated for it (render-image {@code manimrender.parts}). Index {@code i} of the Indexed
 * Job renders range {@code i}.
 */
public record RenderParts(List<Range> ranges) {
    /** Animations {@code first} to {@code last} (inclusive, numbered from 0 as Manim's {@code -n}). */
    public record Range(int first, int last, double seconds) {
        public Range {
            if (first < 0 || last < first || seconds < 0) {
                throw new IllegalArgumentException("not a range of animations: " + first + "-" + last);
            }
        }
    }

    public RenderParts {
        ranges = List.copyOf(ranges);
        if (ranges.size() < 2) {
            throw new IllegalArgumentException("a render in parts has at least two parts");
        }
        for (int i = 1; i < ranges.size(); i++) {
            if (ranges.get(i).first() != ranges.get(i - 1).last() + 1) {
                throw new IllegalArgumentException("the parts must follow each other: " + wire(ranges));
            }
        }
        if (ranges.get(0).first() != 0) {
            throw new IllegalArgumentException("the first part must start at animation 0");
        }
    }

    /** The Job annotation that carries the plan: {@code 0-3:12.5,4-7:13}, each range with its seconds. */
    public static final String ANNOTATION = "manimvideo.io/parts";

    /** The plan the render pod reported (its workload result's {@code parts}); empty when it is not one. */
    public static Optional<RenderParts> checked(List<WorkloadResult.PlannedPart> planned) {
        try {
            return Optional.of(new RenderParts(planned.stream()
                    .map(p -> new Range(p.first(), p.last(), p.seconds()))
                    .toList()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The plan a parts Job carries ({@link #ANNOTATION}); empty when it carries none this version reads. */
    public static Optional<RenderParts> of(Job job) {
        Map<String, String> annotations = job.getMetadata().getAnnotations();
        String text = annotations == null ? null : annotations.get(ANNOTATION);
        if (text == null) {
            return Optional.empty();
        }
        try {
            List<Range> ranges = new ArrayList<>();
            for (String part : text.split(",")) {
                String[] rangeAndSeconds = part.split(":");
                String[] firstAndLast = rangeAndSeconds[0].split("-");
                ranges.add(new Range(
                        Integer.parseInt(firstAndLast[0]),
                        Integer.parseInt(firstAndLast[1]),
                        Double.parseDouble(rangeAndSeconds[1])));
            }
            return Optional.of(new RenderParts(ranges));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** {@link #ANNOTATION}'s value. */
    public String annotation() {
        return ranges.stream()
                .map(r -> r.first() + "-" + r.last() + ":" + r.seconds())
                .collect(Collectors.joining(","));
    }

    public int count() {
        return ranges.size();
    }

    /** {@code MANIMRENDER_PARTS}: {@code 0-3,4-7,...}, the ranges in index order. */
    public String wire() {
        return wire(ranges);
    }

    private static String wire(List<Range> ranges) {
        return ranges.stream().map(r -> r.first() + "-" + r.last()).collect(Collectors.joining(","));
    }

    /** The share of the whole video's estimated length that part {@code index} is (equal shares when unknown). */
    public double weight(int index) {
        double total = ranges.stream().mapToDouble(Range::seconds).sum();
        return total > 0 ? ranges.get(index).seconds() / total : 1.0 / count();
    }
}
