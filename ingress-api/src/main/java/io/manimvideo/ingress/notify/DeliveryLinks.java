package io.manimvideo.ingress.notify;

import io.manimvideo.api.VideoJob;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MinioClient;
import io.minio.http.Method;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Short-lived presigned GET URLs for a finished video and its thumbnail ({@code DELIVERY_URL_TTL}). With
 * region {@code auto} (or any fixed region) presigning is local: no call to storage.
 */
public final class DeliveryLinks {
    private final MinioClient storage;
    private final String bucket;
    private final Duration ttl;

    public DeliveryLinks(MinioClient storage, String bucket, Duration ttl) {
        this.storage = storage;
        this.bucket = bucket;
        this.ttl = ttl;
    }

    public Optional<String> video(VideoJob job) {
        return facts(job).map(v -> v.getObjectKey()).map(this::presign);
    }

    public Optional<String> thumbnail(VideoJob job) {
        return facts(job).map(v -> v.getThumbnailKey()).map(this::presign);
    }

    private static Optional<io.manimvideo.api.VideoFacts> facts(VideoJob job) {
        if (job.getStatus() == null
                || job.getStatus().getVideo() == null
                || Boolean.TRUE.equals(job.getStatus().getVideo().getDeleted())) {
            return Optional.empty();
        }
        return Optional.of(job.getStatus().getVideo());
    }

    private String presign(String key) {
        try {
            return storage.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                    .method(Method.GET)
                    .bucket(bucket)
                    .object(key)
                    .expiry((int) Math.min(ttl.toSeconds(), TimeUnit.DAYS.toSeconds(7)), TimeUnit.SECONDS)
                    .build());
        } catch (Exception e) {
            throw new IllegalStateException("cannot presign a delivery URL", e);
        }
    }
}
