package io.manimvideo.codegen;

import io.manimvideo.localinfra.storage.S3Store;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.http.Method;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The shared S3Proxy starter (in memory), with a minio client that presigns for it. */
final class S3ProxyStorage implements AutoCloseable {
    static final String BUCKET = "manim-videos";

    private final S3Store s3;
    private final MinioClient client;

    S3ProxyStorage() throws Exception {
        s3 = S3Store.inMemory();
        client = MinioClient.builder()
                .endpoint(s3.endpoint())
                .credentials(S3Store.ACCESS_KEY, S3Store.SECRET_KEY)
                .region("us-east-1")
                .build();
        if (!client.bucketExists(BucketExistsArgs.builder().bucket(BUCKET).build())) {
            client.makeBucket(MakeBucketArgs.builder().bucket(BUCKET).build());
        }
    }

    String presignPut(String key) throws Exception {
        return presign(Method.PUT, BUCKET, key);
    }

    String presignGet(String key) throws Exception {
        return presign(Method.GET, BUCKET, key);
    }

    /** A correctly signed URL for a bucket that does not exist: every PUT to it fails. */
    String presignPutIntoMissingBucket(String key) throws Exception {
        return presign(Method.PUT, "no-such-bucket", key);
    }

    private String presign(Method method, String bucket, String key) throws Exception {
        return client.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                .method(method)
                .bucket(bucket)
                .object(key)
                .expiry(1, TimeUnit.HOURS)
                .build());
    }

    void put(String key, String text) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        client.putObject(PutObjectArgs.builder().bucket(BUCKET).object(key).stream(
                        new ByteArrayInputStream(bytes), bytes.length, -1)
                .contentType("text/x-python")
                .build());
    }

    Optional<String> read(String key) throws Exception {
        try {
            client.statObject(
                    StatObjectArgs.builder().bucket(BUCKET).object(key).build());
        } catch (ErrorResponseException e) {
            return Optional.empty();
        }
        try (InputStream in = client.getObject(
                GetObjectArgs.builder().bucket(BUCKET).object(key).build())) {
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() {
        s3.close();
    }
}
