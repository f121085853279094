package io.manimvideo.localinfra.storage;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.domain.MultipartUpload;
import org.jclouds.http.HttpResponse;
import org.jclouds.http.HttpResponseException;

/**
 * The blob store S3Proxy serves, seen from the side: every object written (a PUT or a completed multipart
 * upload) is recorded with its key, so a test can count uploads of one object; and while the store is made
 * {@link #unavailable} every call answers 503, as R2 or S3 does when overloaded (S3Proxy passes the status on).
 */
final class ObservedBlobStore {
    private final List<String> writes = new CopyOnWriteArrayList<>();
    private volatile boolean unavailable;

    /** The store S3Proxy is given: {@code real}, recorded and switchable. */
    BlobStore wrap(BlobStore real) {
        return (BlobStore) Proxy.newProxyInstance(
                BlobStore.class.getClassLoader(), new Class<?>[] {BlobStore.class}, (proxy, method, args) -> {
                    if (unavailable) {
                        throw new HttpResponseException(
                                "storage made unavailable by the test",
                                null,
                                HttpResponse.builder()
                                        .statusCode(503)
                                        .message("Service Unavailable")
                                        .build());
                    }
                    Object result;
                    try {
                        result = method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (method.getName().equals("putBlob")) {
                        writes.add(((Blob) args[1]).getMetadata().getName());
                    } else if (method.getName().equals("completeMultipartUpload")) {
                        writes.add(((MultipartUpload) args[0]).blobName());
                    }
                    return result;
                });
    }

    void unavailable(boolean value) {
        unavailable = value;
    }

    /** The key of every object written, in order, a key once per write. */
    List<String> writes() {
        return List.copyOf(writes);
    }
}
