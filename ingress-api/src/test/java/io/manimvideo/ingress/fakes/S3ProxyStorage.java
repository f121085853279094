package io.manimvideo.ingress.fakes;

import io.manimvideo.localinfra.storage.S3Store;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;

/** The shared S3Proxy starter (in memory): the real S3 API for delivery tests. */
public final class S3ProxyStorage implements AutoCloseable {
    public static final String ACCESS_KEY = S3Store.ACCESS_KEY;
    public static final String SECRET_KEY = S3Store.SECRET_KEY;
    public static final String BUCKET = "manim-videos";

    private final S3Store s3;

    public S3ProxyStorage() {
        s3 = S3Store.inMemory();
    }

    public String endpoint() {
        return s3.endpoint();
    }

    /** Stores a video as the render pod would ({@code Content-Type: video/mp4}). */
    public void putVideo(String key, byte[] bytes) throws Exception {
        put(key, bytes, "video/mp4");
    }

    /** Stores a text file beside the video as the render pod would (captions.vtt, transcript.txt). */
    public void putText(String key, String text, String contentType) throws Exception {
        put(key, text.getBytes(java.nio.charset.StandardCharsets.UTF_8), contentType);
    }

    private void put(String key, byte[] bytes, String contentType) throws Exception {
        MinioClient client = MinioClient.builder()
                .endpoint(endpoint())
                .region("us-east-1")
                .credentials(ACCESS_KEY, SECRET_KEY)
                .build();
        if (!client.bucketExists(BucketExistsArgs.builder().bucket(BUCKET).build())) {
            client.makeBucket(MakeBucketArgs.builder().bucket(BUCKET).build());
        }
        client.putObject(PutObjectArgs.builder().bucket(BUCKET).object(key).stream(
                        new ByteArrayInputStream(bytes), bytes.length, -1)
                .contentType(contentType)
                .build());
    }

    @Override
    public void close() {
        s3.close();
    }
}
