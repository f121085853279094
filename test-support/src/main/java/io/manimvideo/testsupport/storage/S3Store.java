package io.manimvideo.testsupport.storage;

import io.manimvideo.testsupport.LoopbackPorts;
import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * The object storage of the local stack: S3Proxy, a real S3 API server, in-process on a loopback port, over a
 * jclouds filesystem blobstore (or an in-memory one). Signatures are checked (V2 or V4) against fixed local
 * credentials, so presigned URLs work as they do against R2.
 */
public final class S3Store implements AutoCloseable {
    public static final String ACCESS_KEY = "local-access-key";
    public static final String SECRET_KEY = "local-secret-key";

    private final S3Proxy proxy;
    private final BlobStoreContext context;
    private final String address;
    private final int port;

    private S3Store(S3Proxy proxy, BlobStoreContext context, String address, int port) {
        this.proxy = proxy;
        this.context = context;
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
        int port = LoopbackPorts.free();
        var proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(URI.create("http://" + address + ":" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        try {
            proxy.start();
            while (!AbstractLifeCycle.STARTED.equals(proxy.getState())) {
                if (AbstractLifeCycle.FAILED.equals(proxy.getState())) {
                    throw new IllegalStateException("S3Proxy failed to start on port " + port);
                }
                Thread.sleep(10);
            }
        } catch (Exception e) {
            context.close();
            throw new IllegalStateException("cannot start S3Proxy: " + e.getMessage(), e);
        }
        return new S3Store(proxy, context, address, port);
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
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop S3Proxy", e);
        } finally {
            context.close();
        }
    }
}
