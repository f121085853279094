package io.manimvideo.operator.parts;

import io.manimvideo.operator.workload.RenderProgress;
import java.util.List;

/**
 * One progress figure over all parts of a render: each part's percentage weighted by its share of the video's
 * estimated length, so that a long part counts for more than a short one. A part that has not reported yet
 * counts as 0, one uploading as all but done; the figure stays below 100 until every part has stored its video.
 */
public final class PartsProgress {
    private PartsProgress() {}

    /** @param reports the last progress of each part, in index order; null where a part has not reported */
    public static int of(RenderParts parts, List<RenderProgress> reports) {
        if (reports.size() != parts.count()) {
            throw new IllegalArgumentException("one report (or null) per part");
        }
        double done = 0;
        boolean all = true;
        for (int i = 0; i < parts.count(); i++) {
            RenderProgress report = reports.get(i);
            int percent = percentOf(report);
            all &= percent == 100;
            done += parts.weight(i) * percent;
        }
        int figure = (int) Math.floor(done + 1e-9);
        return all ? 100 : Math.min(99, figure);
    }

    /** A part's share done: checking its code is none of it yet, uploading it comes after all its frames. */
    private static int percentOf(RenderProgress report) {
        if (report == null) {
            return 0;
        }
        return switch (report.phase()) {
            case RENDERING -> report.percent();
            case UPLOADING -> report.percent() == 100 ? 100 : 99;
            default -> 0;
        };
    }
}
