package io.manimvideo.local.e2e;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** What ffprobe decodes from a video file: the first video stream's codec and the frames it could read. */
record Ffprobe(String codec, int frames) {
    static Ffprobe of(Path video) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(
                        "ffprobe",
                        "-v",
                        "error",
                        "-select_streams",
                        "v:0",
                        "-count_frames",
                        "-show_entries",
                        "stream=codec_name,nb_read_frames",
                        "-of",
                        "json",
                        video.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            return new Ffprobe("none", 0);
        }
        var streams = new JsonObject(out).getJsonArray("streams");
        if (streams == null || streams.isEmpty()) {
            return new Ffprobe("none", 0);
        }
        JsonObject stream = streams.getJsonObject(0);
        return new Ffprobe(stream.getString("codec_name"), Integer.parseInt(stream.getString("nb_read_frames", "0")));
    }
}
