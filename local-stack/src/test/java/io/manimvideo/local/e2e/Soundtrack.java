package io.manimvideo.local.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a listener hears in a video: whether it has an audio stream, how long the video lasts, and how loud the
 * audio is on average (ffmpeg's volumedetect; silence is -91 dB).
 */
record Soundtrack(boolean audio, double seconds, double meanVolumeDb) {
    private static final Pattern MEAN = Pattern.compile("mean_volume: (-?[0-9.]+) dB");
    private static final Pattern DURATION = Pattern.compile("Duration: (\\d+):(\\d+):([0-9.]+)");

    static Soundtrack of(Path video) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(
                        "ffmpeg",
                        "-hide_banner",
                        "-i",
                        video.toString(),
                        "-map",
                        "0:a?",
                        "-af",
                        "volumedetect",
                        "-f",
                        "null",
                        "-")
                .redirectErrorStream(true)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        Matcher duration = DURATION.matcher(out);
        double seconds = duration.find()
                ? Integer.parseInt(duration.group(1)) * 3600
                        + Integer.parseInt(duration.group(2)) * 60
                        + Double.parseDouble(duration.group(3))
                : 0;
        Matcher mean = MEAN.matcher(out);
        boolean audio = out.contains("Audio:");
        return new Soundtrack(audio, seconds, mean.find() ? Double.parseDouble(mean.group(1)) : -91.0);
    }
}
