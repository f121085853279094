package io.manimvideo.localinfra.storage;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.domain.MultipartUpload;
import org.jclouds.http.HttpResponse;
import org.jclouds.http.HttpResponseException;

/**
 * The blob store S3Proxy serves, seen from the side: every object written (a PUT or a completed multipart
 * upload) is recorded with its key, so a test can count uploads of one object; while the store is made
 * {@link #unavailable} every call answers 503, as R2 or S3 does when overloaded (S3Proxy passes the status on); and
 * one write can be {@link #hold held}: stored, but its answer kept from the writer until released, as when the
 * writer's machine is lost between the store's write and its reply.
 */
final class ObservedBlobStore {
    /** The longest a held write's answer is kept back, should the test never release it. */
    static final Duration LONGEST_HOLD = Duration.ofMinutes(3);

    private final List<String> writes = new CopyOnWriteArrayList<>();
    private final AtomicReference<Hold> hold = new AtomicReference<>();
    private volatile boolean unavailable;

    /** A write to hold: the first whose key matches, stored and then kept from its writer until released. */
    static final class Hold {
        private final Predicate<String> keys;
        private final CompletableFuture<String> caught = new CompletableFuture<>();
        private final CountDownLatch released = new CountDownLatch(1);

        private Hold(Predicate<String> keys) {
            this.keys = keys;
        }

        /** The key of the write held, once one is. */
        CompletableFuture<String> caught() {
            return caught;
        }

        /** The held write answers its writer (if it is still there to hear it). */
        void release() {
            released.countDown();
        }
    }

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
                    String written = null;
                    if (method.getName().equals("putBlob")) {
                        written = ((Blob) args[1]).getMetadata().getName();
                    } else if (method.getName().equals("completeMultipartUpload")) {
                        written = ((MultipartUpload) args[0]).blobName();
                    }
                    if (written != null) {
                        writes.add(written);
                        holdIfAsked(written);
                    }
                    return result;
                });
    }

    /** Holds the next write whose key matches {@code keys} (one at a time; an earlier hold not yet caught ends). */
    Hold hold(Predicate<String> keys) {
        Hold next = new Hold(keys);
        Hold earlier = hold.getAndSet(next);
        if (earlier != null) {
            earlier.caught.cancel(false);
            earlier.release();
        }
        return next;
    }

    private void holdIfAsked(String key) throws InterruptedException {
        Hold asked = hold.get();
        if (asked == null || asked.caught.isDone() || !asked.keys.test(key) || !hold.compareAndSet(asked, null)) {
            return;
        }
        asked.caught.complete(key);
        if (!asked.released.await(LONGEST_HOLD.toMillis(), TimeUnit.MILLISECONDS)) {
            System.err.println("S3Store: the write of " + key + " was held " + LONGEST_HOLD + " and never released");
        }
    }

    void unavailable(boolean value) {
        unavailable = value;
    }

    /** The key of every object written, in order, a key once per write. */
    List<String> writes() {
        return List.copyOf(writes);
    }
}
