package io.manimvideo.ingress.jobs;

/** Labels the ingress puts on VideoJobs (docs/design-notes.md, "Names"). */
public final class JobLabels {
    public static final String SESSION = "manimvideo.io/session";
    public static final String PLATFORM = "manimvideo.io/platform";

    private JobLabels() {}
}
