package io.manimvideo.ingress.testsupport;

import io.manimvideo.localinfra.Directories;
import io.manimvideo.localinfra.redis.RedisServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: one real {@link RedisServer} per test class (local-infra's, data in a temporary
 * directory), running and emptied before each test (so tests never see each other's keys, and a test that
 * stopped, killed or paused Redis gets it back). Inject it as a
 * parameter of a test, a {@code @BeforeEach} or a {@code @BeforeAll} method:
 *
 * <pre>{@code
 * @ExtendWith(RedisServerExtension.class)
 * class MyTest {
 *   @Test void works(RedisServer redis) { ... redis.url() ... }
 * }
 * }</pre>
 */
public final class RedisServerExtension
        implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(RedisServerExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        RedisServer server = server(context);
        server.resume();
        server.start();
        server.wipe();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        RedisServer server = server(context);
        server.close();
        Directories.deleteTree(server.logFile().getParent());
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RedisServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server(context);
    }

    private static RedisServer server(ExtensionContext context) {
        ExtensionContext classContext = context.getRoot() == context
                ? context
                : context.getParent()
                        .filter(p -> p.getTestClass().isPresent()
                                && p.getTestMethod().isEmpty())
                        .orElse(context);
        return classContext
                .getStore(NS)
                .getOrComputeIfAbsent(
                        "redis",
                        k -> {
                            try {
                                return RedisServer.start(
                                        "redis-server",
                                        Files.createTempDirectory("redis-test").resolve("redis.log"));
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        },
                        RedisServer.class);
    }
}
