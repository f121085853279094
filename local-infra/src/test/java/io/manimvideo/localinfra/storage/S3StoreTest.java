package io.manimvideo.localinfra.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.minio.BucketExistsArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MinioClient;
import io.minio.http.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** S3Proxy as the pods and services use it: presigned PUT and GET made by minio-java. */
class S3StoreTest {
    @TempDir
    Path dir;

    @Test
    void presignedPutThenGetRoundTripsAndWrongKeysAreRefused() throws Exception {
        try (var store = S3Store.onDisk(dir)) {
            var minio = MinioClient.builder()
                    .endpoint(store.endpoint())
                    .region("auto")
                    .credentials(S3Store.ACCESS_KEY, S3Store.SECRET_KEY)
                    .build();
            store.createBucket("manim-videos");
            store.createBucket("manim-videos"); // idempotent
            assertThat(minio.bucketExists(
                            BucketExistsArgs.builder().bucket("manim-videos").build()))
                    .isTrue();

            String put = presigned(minio, Method.PUT, "videojobs/default/a/uid/video.mp4");
            var http = HttpClient.newHttpClient();
            var uploaded = http.send(
                    HttpRequest.newBuilder(URI.create(put))
                            .header("Content-Type", "video/mp4")
                            .PUT(HttpRequest.BodyPublishers.ofString("not really a video"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);

            String get = presigned(minio, Method.GET, "videojobs/default/a/uid/video.mp4");
            var downloaded =
                    http.send(HttpRequest.newBuilder(URI.create(get)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(downloaded.statusCode()).isEqualTo(200);
            assertThat(downloaded.body()).isEqualTo("not really a video");
            assertThat(Files.walk(dir).anyMatch(p -> p.getFileName().toString().equals("video.mp4")))
                    .isTrue();

            var forged = MinioClient.builder()
                    .endpoint(store.endpoint())
                    .region("auto")
                    .credentials(S3Store.ACCESS_KEY, "wrong-secret")
                    .build();
            String forgedGet = presigned(forged, Method.GET, "videojobs/default/a/uid/video.mp4");
            assertThat(http.send(
                                    HttpRequest.newBuilder(URI.create(forgedGet))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode())
                    .isEqualTo(403);
        }
    }

    @Test
    void recordsEachWriteAnswers503WhenUnavailableAndServesTheSameObjectsAfterACrash() throws Exception {
        try (var store = S3Store.onDisk(dir)) {
            var minio = withBucket(store);
            var http = HttpClient.newHttpClient();
            var upload = HttpRequest.newBuilder(URI.create(presigned(minio, Method.PUT, "a/video.mp4")))
                    .PUT(HttpRequest.BodyPublishers.ofString("v"))
                    .build();
            assertThat(http.send(upload, HttpResponse.BodyHandlers.discarding()).statusCode())
                    .isEqualTo(200);

            store.unavailable(true);
            assertThat(http.send(upload, HttpResponse.BodyHandlers.discarding()).statusCode())
                    .isEqualTo(503);
            store.unavailable(false);

            store.crash();
            assertThatThrownBy(() -> http.send(upload, HttpResponse.BodyHandlers.discarding()))
                    .isInstanceOf(java.io.IOException.class);
            store.restart();
            assertThat(http.send(upload, HttpResponse.BodyHandlers.discarding()).statusCode())
                    .isEqualTo(200);
            assertThat(store.writes()).containsExactly("a/video.mp4", "a/video.mp4");
        }
    }

    @Test
    void aHeldWriteIsStoredWhileItsWriterStillWaitsForTheAnswer() throws Exception {
        try (var store = S3Store.onDisk(dir)) {
            var minio = withBucket(store);
            var http = HttpClient.newHttpClient();
            var held = store.holdWrite(key -> key.endsWith("/video.mp4"));
            var thumbnail = HttpRequest.newBuilder(URI.create(presigned(minio, Method.PUT, "a/thumbnail.png")))
                    .PUT(HttpRequest.BodyPublishers.ofString("t"))
                    .build();
            assertThat(http.send(thumbnail, HttpResponse.BodyHandlers.discarding())
                            .statusCode())
                    .isEqualTo(200);
            var upload = http.sendAsync(
                    HttpRequest.newBuilder(URI.create(presigned(minio, Method.PUT, "a/video.mp4")))
                            .PUT(HttpRequest.BodyPublishers.ofString("the video"))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());

            assertThat(held.caught().get(30, TimeUnit.SECONDS)).isEqualTo("a/video.mp4");
            var stored = http.send(
                    HttpRequest.newBuilder(URI.create(presigned(minio, Method.GET, "a/video.mp4")))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(stored.body()).isEqualTo("the video");
            Thread.sleep(500);
            assertThat(upload).as("the writer still waits").isNotDone();

            held.release();
            assertThat(upload.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(store.writes()).containsExactly("a/thumbnail.png", "a/video.mp4");
        }
    }

    /** A client of {@code store}, whose bucket {@code manim-videos} is made. */
    private static MinioClient withBucket(S3Store store) {
        store.createBucket("manim-videos");
        return MinioClient.builder()
                .endpoint(store.endpoint())
                .region("us-east-1")
                .credentials(S3Store.ACCESS_KEY, S3Store.SECRET_KEY)
                .build();
    }

    private static String presigned(MinioClient minio, Method method, String key) throws Exception {
        return minio.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                .method(method)
                .bucket("manim-videos")
                .object(key)
                .expiry(10, TimeUnit.MINUTES)
                .build());
    }
}
