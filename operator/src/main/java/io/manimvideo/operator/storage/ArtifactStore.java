package io.manimvideo.operator.storage;

import io.manimvideo.operator.config.OperatorConfig.StorageConfig;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectsArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.http.Method;
import io.minio.messages.DeleteError;
import io.minio.messages.DeleteObject;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The operator's view of the bucket (S3, R2, S3Proxy): it creates the bucket, writes direct code, reads
 * progress, deletes a job's objects and presigns URLs for pods, which never see the keys.
 */
public class ArtifactStore {
    private static final int MAX_PRESIGN_SECONDS = 7 * 24 * 3600;

    private final MinioClient client;
    private final String bucket;

    public ArtifactStore(StorageConfig config) {
        if (config.endpoint() == null) {
            throw new IllegalArgumentException("STORAGE_ENDPOINT is required");
        }
        // A fixed region makes presigning local: no bucket-location request per URL.
        MinioClient.Builder builder =
                MinioClient.builder().endpoint(config.endpoint()).region(config.region());
        if (config.accessKey() != null) {
            builder.credentials(config.accessKey(), config.secretKey());
        }
        this.client = builder.build();
        this.bucket = config.bucket();
    }

    public void ensureBucket() {
        call(() -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
            return null;
        });
    }

    /** Whether the storage answers at all (the bucket can be asked for): false during an outage. */
    public boolean answers() {
        try {
            client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build());
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    public String presignGet(String key, Duration ttl) {
        return presign(Method.GET, key, ttl);
    }

    public String presignPut(String key, Duration ttl) {
        return presign(Method.PUT, key, ttl);
    }

    private String presign(Method method, String key, Duration ttl) {
        int seconds = (int) Math.min(Math.max(ttl.toSeconds(), 1), MAX_PRESIGN_SECONDS);
        return call(() -> client.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                .method(method)
                .bucket(bucket)
                .object(key)
                .expiry(seconds)
                .build()));
    }

    public boolean exists(String key) {
        return head(key).isPresent();
    }

    /** The object's size and ETag (a HEAD request), or empty when there is no such object. */
    public Optional<StoredObject> head(String key) {
        return call(() -> {
            try {
                var stat = client.statObject(
                        StatObjectArgs.builder().bucket(bucket).object(key).build());
                return Optional.of(new StoredObject(stat.size(), StoredObject.unquoted(stat.etag())));
            } catch (ErrorResponseException e) {
                if (isNotFound(e)) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    public void putText(String key, String text, String contentType) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        call(() -> client.putObject(PutObjectArgs.builder().bucket(bucket).object(key).stream(
                        new ByteArrayInputStream(bytes), bytes.length, -1)
                .contentType(contentType)
                .build()));
    }

    /** The object as UTF-8 text, or empty when there is no such object. */
    public Optional<String> readText(String key) {
        return call(() -> {
            try (InputStream in = client.getObject(
                    GetObjectArgs.builder().bucket(bucket).object(key).build())) {
                return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (ErrorResponseException e) {
                if (isNotFound(e)) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    public List<String> list(String prefix) {
        return call(() -> {
            List<String> keys = new ArrayList<>();
            for (Result<Item> item : client.listObjects(ListObjectsArgs.builder()
                    .bucket(bucket)
                    .prefix(prefix)
                    .recursive(true)
                    .build())) {
                keys.add(item.get().objectName());
            }
            return keys;
        });
    }

    /**
     * Deletes the objects with one S3 DeleteObjects request per 1,000 keys (not one request per key: a bulk
     * deletion of VideoJobs would otherwise cost thousands); a key that is not there counts as deleted, as in S3.
     */
    public void delete(Collection<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        call(() -> {
            List<DeleteObject> objects = keys.stream().map(DeleteObject::new).toList();
            // the client sends the requests as the results are read
            for (Result<DeleteError> result : client.removeObjects(
                    RemoveObjectsArgs.builder().bucket(bucket).objects(objects).build())) {
                DeleteError error = result.get();
                throw new StorageException(error.objectName() + ": " + error.code() + " " + error.message());
            }
            return null;
        });
    }

    /** Deletes every object under the prefix; returns how many there were. */
    public int deletePrefix(String prefix) {
        List<String> keys = list(prefix);
        delete(keys);
        return keys.size();
    }

    private static boolean isNotFound(ErrorResponseException e) {
        String code = e.errorResponse().code();
        return "NoSuchKey".equals(code)
                || "NoSuchObject".equals(code)
                || e.response().code() == 404;
    }

    private interface StorageCall<T> {
        T run() throws Exception;
    }

    private static <T> T call(StorageCall<T> call) {
        try {
            return call.run();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new StorageException(e);
        }
    }

    /** A storage request failed; the reconcile is retried by the framework. */
    public static class StorageException extends RuntimeException {
        StorageException(Exception cause) {
            super("storage request failed: " + cause.getMessage(), cause);
        }

        StorageException(String failure) {
            super("storage request failed: " + failure);
        }
    }
}
