package io.manimvideo.local.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The words a viewer sees on a video's frames: ffmpeg takes frames at a few moments, tesseract reads them in the
 * viewer's language. The frames stay in {@code dir} for a person to look at. Each is enlarged three times and
 * turned dark on light first: tesseract reads the explainer's small grey heading on black no other way.
 */
final class VideoFrames {
    private VideoFrames() {}

    /**
     * The text read on a frame at each of {@code fractions} of the video's length, with tesseract's language
     * {@code ocrLanguage} (spa, ara: Debian's tesseract-ocr-spa, tesseract-ocr-ara).
     */
    static List<String> read(Path video, double seconds, double[] fractions, String ocrLanguage, Path dir)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < fractions.length; i++) {
            Path frame = dir.resolve(String.format("frame-%d.png", i));
            Path enlarged = dir.resolve(String.format("frame-%d-ocr.png", i));
            run(
                    "ffmpeg",
                    "-v",
                    "error",
                    "-y",
                    "-ss",
                    String.format("%.2f", seconds * fractions[i]),
                    "-i",
                    video.toString(),
                    "-frames:v",
                    "1",
                    frame.toString());
            run(
                    "ffmpeg",
                    "-v",
                    "error",
                    "-y",
                    "-i",
                    frame.toString(),
                    "-vf",
                    "scale=iw*3:ih*3:flags=lanczos,negate,format=gray",
                    enlarged.toString());
            // page segmentation 11: scattered text (a heading, maths, axis labels), no layout assumed
            texts.add(run("tesseract", enlarged.toString(), "-", "-l", ocrLanguage, "--psm", "11"));
        }
        return texts;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed with exit code " + process.exitValue());
        }
        return out;
    }
}
