package io.manimvideo.operator.codegen;

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
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/** S3Proxy over jclouds' in-memory blob store on a loopback port, with a minio client that presigns for it. */
final class S3ProxyStorage implements AutoCloseable {
  static final String BUCKET = "manim-videos";
  private static final String ACCESS_KEY = "test-access";
  private static final String SECRET_KEY = "test-secret-key";

  private final BlobStoreContext context;
  private final S3Proxy proxy;
  private final MinioClient client;

  S3ProxyStorage() throws Exception {
    context = ContextBuilder.newBuilder("transient").credentials("identity", "credential")
        .build(BlobStoreContext.class);
    proxy = S3Proxy.builder().blobStore(context.getBlobStore())
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        .build();
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      Thread.sleep(10);
    }
    client = MinioClient.builder().endpoint("http://127.0.0.1:" + proxy.getPort())
        .credentials(ACCESS_KEY, SECRET_KEY).region("us-east-1").build();
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
    return client.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(method).bucket(bucket)
        .object(key).expiry(1, TimeUnit.HOURS).build());
  }

  void put(String key, String text) throws Exception {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    client.putObject(PutObjectArgs.builder().bucket(BUCKET).object(key)
        .stream(new ByteArrayInputStream(bytes), bytes.length, -1).contentType("text/x-python").build());
  }

  Optional<String> read(String key) throws Exception {
    try {
      client.statObject(StatObjectArgs.builder().bucket(BUCKET).object(key).build());
    } catch (ErrorResponseException e) {
      return Optional.empty();
    }
    try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(BUCKET).object(key).build())) {
      return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
    context.close();
  }
}
