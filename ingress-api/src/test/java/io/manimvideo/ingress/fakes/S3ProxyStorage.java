package io.manimvideo.ingress.fakes;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.net.URI;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/** S3Proxy in-process on a free loopback port (in-memory blob store): the real S3 API for delivery tests. */
public final class S3ProxyStorage implements AutoCloseable {
  public static final String ACCESS_KEY = "test-access-key";
  public static final String SECRET_KEY = "test-secret-key-0123456789";
  public static final String BUCKET = "manim-videos";

  private final BlobStoreContext context;
  private final S3Proxy proxy;

  public S3ProxyStorage() throws Exception {
    context = ContextBuilder.newBuilder("transient").credentials("identity", "credential").build(BlobStoreContext.class);
    proxy = S3Proxy.builder()
        .blobStore(context.getBlobStore())
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        .build();
    proxy.start();
    while (!proxy.getState().equals("STARTED")) {
      Thread.sleep(10);
    }
  }

  public String endpoint() {
    return "http://127.0.0.1:" + proxy.getPort();
  }

  /** Stores a video as the render pod would ({@code Content-Type: video/mp4}). */
  public void putVideo(String key, byte[] bytes) throws Exception {
    MinioClient client = MinioClient.builder().endpoint(endpoint()).region("us-east-1")
        .credentials(ACCESS_KEY, SECRET_KEY).build();
    if (!client.bucketExists(BucketExistsArgs.builder().bucket(BUCKET).build())) {
      client.makeBucket(MakeBucketArgs.builder().bucket(BUCKET).build());
    }
    client.putObject(PutObjectArgs.builder().bucket(BUCKET).object(key)
        .stream(new ByteArrayInputStream(bytes), bytes.length, -1).contentType("video/mp4").build());
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
    context.close();
  }
}
