package io.manimvideo.localinfra.redis;

import io.manimvideo.localinfra.ChildProcesses;
import io.manimvideo.localinfra.Directories;
import io.manimvideo.localinfra.LoopbackPorts;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real {@code redis-server} as a supervised child process on a free loopback port: append-only
 * persistence in {@code <state dir>/redis/} (so a restart loses no session), restarted on the same port
 * whenever it dies (logged, with its exit code), stopped with the stack. A server that exits cleanly was asked
 * to (a signal such as a terminal's Ctrl-C, which reaches the whole process group, or {@code SHUTDOWN}): that is
 * logged and not undone. Outage tests take it away on
 * purpose ({@link #stop()}, {@link #kill()}, {@link #pause()}); supervision leaves a server stopped that way
 * alone until {@link #start()}.
 */
public final class RedisServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisServer.class);
    /** Longest pause between restarts when redis-server keeps dying at once. */
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final List<String> command;
    private final File logFile;
    private final String address;
    private final int port;
    private final Optional<String> password;
    private volatile Process process;
    private volatile boolean closed;
    /** Stopped or killed on purpose: supervision does not restart it. */
    private volatile boolean held;

    private final AtomicInteger restarts = new AtomicInteger();

    private RedisServer(List<String> command, File logFile, String address, int port, Optional<String> password) {
        this.command = command;
        this.logFile = logFile;
        this.address = address;
        this.port = port;
        this.password = password;
    }

    /**
     * @param executable {@code redis-server} (from PATH) or a full path
     * @param logFile where the server's output goes; its data lives in {@code redis/} beside it
     */
    public static RedisServer start(String executable, Path logFile) {
        return start(executable, logFile, "127.0.0.1");
    }

    /**
     * As {@link #start(String, Path)}, listening on {@code address} (an address of this machine). Other than on
     * loopback it asks for a password (a random one, in a config file only its owner reads, so that it is in no
     * process listing), which {@link #url()} carries: Redis's protected mode refuses clients elsewhere without one.
     */
    public static RedisServer start(String executable, Path logFile, String address) {
        Optional<String> password = address.startsWith("127.") ? Optional.empty() : Optional.of(randomPassword());
        return start(executable, logFile, address, password, List.of(), List.of());
    }

    /**
     * As {@link #start(String, Path, String)}, asking for {@code password} (if any) on any address, with more lines
     * in its config file (which only its owner reads, and which the server may rewrite: a Sentinel records what it
     * learns there) and more arguments ({@code --sentinel}).
     */
    static RedisServer start(
            String executable,
            Path logFile,
            String address,
            Optional<String> password,
            List<String> configLines,
            List<String> arguments) {
        int port = LoopbackPorts.free();
        Path dataDir = Directories.parentOf(logFile).resolve("redis");
        Path config = dataDir.resolve("redis.conf");
        StringBuilder configText = new StringBuilder();
        password.ifPresent(p -> configText.append("requirepass ").append(p).append('\n'));
        configLines.forEach(line -> configText.append(line).append('\n'));
        try {
            Files.createDirectories(dataDir);
            Files.deleteIfExists(config);
            Files.createFile(
                    config, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(config, configText);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dataDir, e);
        }
        var command = new ArrayList<>(List.of(
                executable,
                config.toString(),
                "--port",
                String.valueOf(port),
                "--bind",
                address,
                "--dir",
                dataDir.toString(),
                "--save",
                "",
                "--appendonly",
                "yes",
                // each write reaches the kernel before its answer, so a killed redis-server loses nothing it
                // acknowledged; the disk sync once a second ("always" capped this machine at about 300 writes/s
                // under load, and the webhooks' acknowledgements then timed out behind the syncs)
                "--appendfsync",
                "everysec",
                "--protected-mode",
                "yes"));
        command.addAll(arguments);
        var server = new RedisServer(command, logFile.toFile(), address, port, password);
        server.launch();
        if (!server.answersWithin(Duration.ofSeconds(15))) {
            server.close();
            throw new IllegalStateException("redis-server did not answer on port " + port + " (see " + logFile + ")");
        }
        return server;
    }

    public int port() {
        return port;
    }

    /** The address it listens on. */
    public String address() {
        return address;
    }

    /** {@code redis://[:password@]address:port}. */
    public String url() {
        return "redis://" + password.map(p -> ":" + p + "@").orElse("") + address + ":" + port;
    }

    private static String randomPassword() {
        byte[] random = new byte[24];
        new java.security.SecureRandom().nextBytes(random);
        return java.util.HexFormat.of().formatHex(random);
    }

    /** The server's output; its data is in {@code redis/} beside it. */
    public Path logFile() {
        return logFile.toPath();
    }

    public long pid() {
        return process.pid();
    }

    /** How often the server was restarted after dying. */
    public int restarts() {
        return restarts.get();
    }

    /** Sends one inline command and returns the first reply line, e.g. {@code +PONG}. */
    public String command(String inline) throws IOException {
        return exchange(inline, RedisServer::readLine);
    }

    /**
     * Sends one inline command and returns its whole reply, arrays flattened in order ({@code SENTINEL
     * GET-MASTER-ADDR-BY-NAME m} gives {@code [127.0.0.1, 6380]}; a bulk string is one element, lines and all).
     */
    public List<String> reply(String inline) throws IOException {
        return exchange(inline, in -> {
            List<String> values = new ArrayList<>();
            readReply(in, values);
            return values;
        });
    }

    /** How a reply is read off the connection. */
    @FunctionalInterface
    private interface ReplyReader<T> {
        T read(InputStream in) throws IOException;
    }

    /** One connection: AUTH when there is a password, the command, its reply. */
    private <T> T exchange(String inline, ReplyReader<T> reader) throws IOException {
        try (var socket = new Socket(address, port)) {
            socket.setSoTimeout(2000);
            var in = socket.getInputStream();
            if (password.isPresent()) {
                socket.getOutputStream().write(("AUTH " + password.get() + "\r\n").getBytes(StandardCharsets.UTF_8));
                readLine(in);
            }
            socket.getOutputStream().write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
            return reader.read(in);
        }
    }

    /** One RESP2 reply: simple strings, errors and integers as their line, bulk strings whole, arrays in turn. */
    private static void readReply(InputStream in, List<String> values) throws IOException {
        String line = readLine(in);
        if (line.isEmpty()) {
            throw new IOException("no reply");
        }
        switch (line.charAt(0)) {
            case '*' -> {
                for (int i = Integer.parseInt(line.substring(1)); i > 0; i--) {
                    readReply(in, values);
                }
            }
            case '$' -> {
                int length = Integer.parseInt(line.substring(1));
                if (length >= 0) {
                    values.add(new String(in.readNBytes(length), StandardCharsets.UTF_8));
                    readLine(in);
                }
            }
            default -> values.add(line);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        var line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private synchronized void launch() {
        try {
            Process started = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile))
                    .start();
            process = started;
            started.onExit().thenAccept(this::exited);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
    }

    /** Supervision: a server that died while the stack runs is started again, on the same port and data. */
    private void exited(Process dead) {
        if (closed || held || dead != process) {
            return;
        }
        if (dead.exitValue() == 0) {
            LOG.info("event=redis_server_stopped pid={} exit=0 restart=no reason=\"asked to stop\"", dead.pid());
            return;
        }
        int restart = restarts.incrementAndGet();
        long backoff = Math.min(MAX_BACKOFF.toMillis(), 250L << Math.min(6, restart - 1));
        LOG.warn(
                "event=redis_server_died pid={} exit={} restart={} in_ms={}",
                dead.pid(),
                dead.exitValue(),
                restart,
                backoff);
        try {
            Thread.sleep(backoff);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (closed || held) {
            return;
        }
        try {
            launch();
            LOG.info("event=redis_server_restarted pid={} port={}", process.pid(), port);
        } catch (UncheckedIOException e) {
            LOG.error("event=redis_server_restart_failed cause=\"{}\"", e.getMessage());
            exited(dead == process ? dead : process);
        }
    }

    /** True once the server answers PING (after a start or a restart), false after {@code timeout}. */
    public boolean answersWithin(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if ("+PONG".equals(command("PING"))) {
                    return true;
                }
            } catch (IOException e) {
                // not listening (yet, or again)
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /**
     * Starts a server taken away by {@link #stop()} or {@link #kill()} again, on the same port and data, and
     * waits until it answers; nothing when it runs.
     */
    public synchronized RedisServer start() {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (process.isAlive()) {
            return this;
        }
        held = false;
        launch();
        if (!answersWithin(Duration.ofSeconds(15))) {
            throw new IllegalStateException("redis-server did not answer on port " + port + " (see " + logFile + ")");
        }
        return this;
    }

    /** An orderly stop (SIGTERM: the append-only file is flushed); clients see errors until {@link #start()}. */
    public synchronized void stop() {
        held = true;
        resume();
        ChildProcesses.stop(process, Duration.ofSeconds(10));
    }

    /** SIGKILL, as a crash or an OOM kill; not restarted until {@link #start()}. */
    public synchronized void kill() {
        held = true;
        try {
            process.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGSTOP: the server keeps its connections but answers nothing (a hung or swapped-out Redis). */
    public void pause() {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause()}: the server answers what it was sent meanwhile. */
    public void resume() {
        signal("CONT");
    }

    /** Deletes every key (FLUSHALL): an empty Redis for the next test. */
    public void wipe() throws IOException {
        String reply = command("FLUSHALL");
        if (!"+OK".equals(reply)) {
            throw new IOException("FLUSHALL answered " + reply);
        }
    }

    private void signal(String name) {
        Process running = process;
        if (running == null || !running.isAlive()) {
            return;
        }
        try {
            new ProcessBuilder("kill", "-" + name, Long.toString(running.pid()))
                    .inheritIO()
                    .start()
                    .waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot send SIG" + name + " to redis-server", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        Process running = process;
        if (running == null) {
            return;
        }
        resume(); // a stopped process would keep SIGTERM pending
        ChildProcesses.stop(running, Duration.ofSeconds(10));
    }
}
