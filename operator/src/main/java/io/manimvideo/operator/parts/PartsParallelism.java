package io.manimvideo.operator.parts;

/**
 * How many pods of a render in parts run at once: no more than its parts, a per-job maximum and the render slots
 * free under {@code MAX_CONCURRENT_RENDERS} ({@code RenderQueue#freeSlots}: a parallel render's pods count against
 * the cap, each as one render), and at least one: an admitted render always runs.
 */
public final class PartsParallelism {
    private PartsParallelism() {}

    public static int of(int parts, int perJobMaximum, int freeSlots) {
        return Math.max(1, Math.min(parts, Math.min(perJobMaximum, freeSlots)));
    }
}
