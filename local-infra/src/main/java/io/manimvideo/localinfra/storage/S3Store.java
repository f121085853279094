package io.manimvideo.localinfra.storage;

import io.manimvideo.localinfra.LoopbackPorts;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * The object storage of the local stack: S3Proxy, a real S3 API server, in-process on a loopback port, over a
 * jclouds filesystem blobstore (or an in-memory one). Signatures are checked (V2 or V4) against fixed local
 * credentials, so presigned URLs work as they do against R2. For fault tests it records each object written
 * ({@link #writes()}), can answer 503 for a while ({@link #unavailable}), can keep one write's answer from its
 * writer ({@link #holdWrite}) and can be stopped abruptly and started again on the same port ({@link #crash()},
 * {@link #restart()}).
 */
public final class S3Store implements AutoCloseable {
    public static final String ACCESS_KEY = "local-access-key";
    public static final String SECRET_KEY = "local-secret-key";

    private final BlobStoreContext context;
    private final ObservedBlobStore observed;
    private final String address;
    private final int port;
    // replaced by restart(), read by close(): the fault tier drives both from one thread
    private volatile S3Proxy proxy;

    private S3Store(BlobStoreContext context, ObservedBlobStore observed, String address, int port) {
        this.context = context;
        this.observed = observed;
        this.address = address;
        this.port = port;
    }

    /** Objects as files under {@code dir}, served on loopback. */
    public static S3Store onDisk(Path dir) {
        return onDisk(dir, "127.0.0.1");
    }

    /** Objects as files under {@code dir}, served on {@code address} (an address of this machine). */
    public static S3Store onDisk(Path dir, String address) {
        var overrides = new Properties();
        overrides.setProperty("jclouds.filesystem.basedir", dir.toAbsolutePath().toString());
        return start(
                ContextBuilder.newBuilder("filesystem")
                        .credentials("local", "local")
                        .overrides(overrides)
                        .build(BlobStoreContext.class),
                address);
    }

    /** Objects in memory, gone on close. */
    public static S3Store inMemory() {
        return start(
                ContextBuilder.newBuilder("transient")
                        .credentials("local", "local")
                        .build(BlobStoreContext.class),
                "127.0.0.1");
    }

    private static S3Store start(BlobStoreContext context, String address) {
        var store = new S3Store(context, new ObservedBlobStore(), address, LoopbackPorts.free());
        try {
            store.serve();
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
        return store;
    }

    private void serve() {
        var server = S3Proxy.builder()
                .blobStore(observed.wrap(context.getBlobStore()))
                .endpoint(URI.create("http://" + address + ":" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        try {
            server.start();
            while (!AbstractLifeCycle.STARTED.equals(server.getState())) {
                if (AbstractLifeCycle.FAILED.equals(server.getState())) {
                    throw new IllegalStateException("S3Proxy failed to start on port " + port);
                }
                Thread.sleep(10);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot start S3Proxy: " + e.getMessage(), e);
        }
        proxy = server;
    }

    /**
     * Stops the server at once, as a crashed storage process would go: requests in flight are cut, new connections
     * refused, until {@link #restart()}. (S3Proxy runs in this JVM, so this is as near to SIGKILL as it gets.)
     */
    public void crash() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop S3Proxy", e);
        }
    }

    /** Serves again on the same port, with the same objects, after {@link #crash()}. */
    public void restart() {
        serve();
    }

    /** While true, every request answers 503 Service Unavailable (nothing is read or written). */
    public void unavailable(boolean value) {
        observed.unavailable(value);
    }

    /**
     * The next write whose key matches {@code keys} is stored (and listed in {@link #writes()}) but its answer is
     * kept from the writer until {@link HeldWrite#release()} (at most three minutes): the object is there, and the
     * writer, still waiting, can be lost in that moment. Future's value: the key held.
     */
    public HeldWrite holdWrite(Predicate<String> keys) {
        return new HeldWrite(observed.hold(keys));
    }

    /** A write {@link #holdWrite held}, or still to be held. */
    public static final class HeldWrite {
        private final ObservedBlobStore.Hold hold;

        private HeldWrite(ObservedBlobStore.Hold hold) {
            this.hold = hold;
        }

        /** Completes with the key of the write held, once one is stored. */
        public CompletableFuture<String> caught() {
            return hold.caught();
        }

        /** The held write answers its writer; a hold that caught nothing yet ends. */
        public void release() {
            hold.caught().cancel(false);
            hold.release();
        }
    }

    /** The key of every object written since start (PUTs and completed multipart uploads), once per write. */
    public List<String> writes() {
        return observed.writes();
    }

    /**
     * Creates a bucket unless it exists. A client configured with region {@code auto} (as for R2) cannot create
     * one here: S3Proxy refuses {@code auto} as a location constraint.
     */
    public void createBucket(String name) {
        context.getBlobStore().createContainerInLocation(null, name);
    }

    public String endpoint() {
        return "http://" + address + ":" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public synchronized void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop S3Proxy", e);
        } finally {
            context.close();
        }
    }
}
