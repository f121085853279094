package io.manimvideo.ingress.notify;

/**
 * A notifier could not hand the video over (blocked chat, closed messaging window): not an error of ours,
 * and not a delivery. The dispatcher keeps the job Ready and logs it without a stack trace.
 */
public final class VideoNotDelivered extends RuntimeException {
    public VideoNotDelivered(String why) {
        super(why, null, false, false);
    }
}
