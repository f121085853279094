package io.manimvideo.ingress.testsupport;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: one real {@link RedisServer} per test class, restarted empty before each test (so
 * tests never see each other's keys, and a test that stopped Redis gets it back). Inject it as a
 * parameter of a test, a {@code @BeforeEach} or a {@code @BeforeAll} method:
 *
 * <pre>{@code
 * @ExtendWith(RedisServerExtension.class)
 * class MyTest {
 *   @Test void works(RedisServer redis) { ... redis.url() ... }
 * }
 * }</pre>
 */
public final class RedisServerExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback,
    ParameterResolver {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(RedisServerExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    server(context).start();
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    RedisServer server = server(context);
    server.wipe();
    server.start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    server(context).close();
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
    ExtensionContext classContext = context.getRoot() == context ? context
        : context.getParent().filter(p -> p.getTestClass().isPresent() && p.getTestMethod().isEmpty()).orElse(context);
    return classContext.getStore(NS).getOrComputeIfAbsent("redis", k -> {
      try {
        return new RedisServer();
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }, RedisServer.class);
  }
}
