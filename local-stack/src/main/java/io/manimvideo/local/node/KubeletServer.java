package io.manimvideo.local.node;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The one kubelet endpoint the API server needs from this node: {@code GET /containerLogs/<ns>/<pod>/<container>}
 * ({@code kubectl logs}, with {@code follow}, {@code tailLines} and {@code limitBytes}), over HTTPS on
 * 127.0.0.1 with a self-signed certificate made by {@code keytool}. The API server reaches it at the Node's
 * InternalIP and {@code status.daemonEndpoints.kubeletEndpoint.port}; it does not check the certificate because
 * it is started without {@code --kubelet-certificate-authority}, and it presents no client certificate, so this
 * server serves any caller on loopback.
 */
final class KubeletServer implements AutoCloseable {
    private static final String PREFIX = "/containerLogs/";
    private static final char[] PASSWORD = "local-node".toCharArray();

    private final HttpsServer server;
    private final ExecutorService threads;
    private final Path workRoot;

    private KubeletServer(HttpsServer server, ExecutorService threads, Path workRoot) {
        this.server = server;
        this.threads = threads;
        this.workRoot = workRoot;
    }

    /** Serves the logs of the pods under {@code workRoot} ({@code <ns>/<pod>/logs/<container>.log}). */
    static KubeletServer start(Path workRoot, Path keyStore) {
        try {
            var server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            server.setHttpsConfigurator(new HttpsConfigurator(tls(keyStore)));
            ExecutorService threads = Executors.newCachedThreadPool(r -> {
                var t = new Thread(r, "kubelet-server");
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(threads);
            var kubelet = new KubeletServer(server, threads, workRoot);
            server.createContext("/", kubelet::handle);
            server.start();
            return kubelet;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the node's kubelet endpoint", e);
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String[] parts =
                    path.startsWith(PREFIX) ? path.substring(PREFIX.length()).split("/") : new String[0];
            if (!"GET".equals(exchange.getRequestMethod()) || parts.length != 3) {
                send(exchange, 404, "not found: " + path);
                return;
            }
            Path podDir = workRoot.resolve(parts[0]).resolve(parts[1]);
            Path log = ContainerLog.file(podDir, parts[2]);
            if (!log.normalize().startsWith(workRoot) || !Files.isRegularFile(log)) {
                send(
                        exchange,
                        404,
                        "container \"" + parts[2] + "\" in pod \"" + parts[1] + "\" has no log (not started)");
                return;
            }
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            long start = startOffset(log, query.get("tailLines"));
            long limit = query.containsKey("limitBytes") ? Long.parseLong(query.get("limitBytes")) : Long.MAX_VALUE;
            boolean follow = "true".equals(query.get("follow"));
            stream(log, ContainerLog.exitedMarker(podDir, parts[2]), start, limit, follow, out);
        } catch (IOException e) {
            // the client went away (kubectl logs -f interrupted)
        }
    }

    private static void stream(Path log, Path exited, long offset, long limit, boolean follow, OutputStream out)
            throws IOException {
        long sent = 0;
        byte[] buffer = new byte[8192];
        try (InputStream in = Files.newInputStream(log)) {
            in.skipNBytes(offset);
            while (sent < limit) {
                boolean ended =
                        Files.exists(exited); // looked at before reading: every line written before it is in the file
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - sent));
                if (n > 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                    sent += n;
                } else if (!follow || ended || !Files.exists(log)) {
                    return;
                } else {
                    sleep();
                }
            }
        }
    }

    /** The byte offset where the last {@code tailLines} lines begin (0 without the parameter). */
    private static long startOffset(Path log, String tailLines) throws IOException {
        if (tailLines == null) {
            return 0;
        }
        int wanted = Integer.parseInt(tailLines);
        try (var file = new RandomAccessFile(log.toFile(), "r")) {
            long pos = file.length();
            int lines = 0;
            while (pos > 0) {
                file.seek(pos - 1);
                if (file.read() == '\n' && pos != file.length() && ++lines == wanted) {
                    return pos;
                }
                pos--;
            }
            return 0;
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                query.put(
                        URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    private static void send(HttpExchange exchange, int code, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(code, body.length);
        exchange.getResponseBody().write(body);
    }

    private static void sleep() throws IOException {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** A TLS context with the node's self-signed key pair, made once with the JDK's keytool. */
    private static SSLContext tls(Path keyStore) throws IOException {
        if (!Files.exists(keyStore)) {
            Files.createDirectories(keyStore.getParent());
            String keytool =
                    Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            List<String> command = new ArrayList<>(List.of(
                    keytool,
                    "-genkeypair",
                    "-alias",
                    "kubelet",
                    "-keyalg",
                    "RSA",
                    "-keysize",
                    "2048",
                    "-validity",
                    "3650",
                    "-dname",
                    "CN=local-node",
                    "-ext",
                    "SAN=ip:127.0.0.1,dns:localhost",
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    keyStore.toString(),
                    "-storepass",
                    new String(PASSWORD),
                    "-keypass",
                    new String(PASSWORD)));
            try {
                Process process =
                        new ProcessBuilder(command).redirectErrorStream(true).start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    throw new IOException("keytool failed: " + output);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        try (InputStream in = Files.newInputStream(keyStore)) {
            var store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD);
            var keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, PASSWORD);
            var tls = SSLContext.getInstance("TLS");
            tls.init(keys.getKeyManagers(), null, null);
            return tls;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot load " + keyStore, e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
