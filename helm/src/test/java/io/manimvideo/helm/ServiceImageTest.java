package io.manimvideo.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What each image ships: its module's runtime classpath ({@code target/runtime-classpath.txt}, written at
 * process-classes with the scope the images' {@code dependency:copy-dependencies} uses) holds what the service
 * needs and nothing a test brought in or another service uses.
 */
@Tag("unit")
class ServiceImageTest {
    /**
     * Netty's native transports, TLS and DNS for Linux, macOS and Windows, which S3Proxy's Azure client brought in:
     * Vert.x runs on the JDK's (unix-common is Vert.x's own dependency, and harmless).
     */
    private static final List<String> NATIVE_NETTY = List.of(
            "/io/netty/netty-transport-native-epoll/",
            "/io/netty/netty-transport-native-kqueue/",
            "/io/netty/netty-transport-classes-",
            "/io/netty/netty-tcnative-",
            "/io/netty/netty-resolver-dns-native-",
            "/io/netty/netty-resolver-dns-classes-");
    /** What the tests' S3Proxy brings (its Azure client). */
    private static final List<String> TEST_ONLY = List.of(
            "/org/gaul/",
            "/org/apache/jclouds/",
            "/com/azure/",
            "/io/projectreactor/",
            "/io/manimvideo/local-infra/",
            "/local-infra/target/");

    enum Image {
        /** Needs fabric8, JOSDK and MinIO; no HTTP server but the JDK's, so no Netty. */
        OPERATOR(
                "operator",
                List.of("/io/javaoperatorsdk/", "/io/fabric8/", "/io/minio/"),
                List.of("/io/netty/", "/io/vertx/")),
        /** Vert.x on Netty (its pure-Java jars). */
        INGRESS("ingress-api", List.of("/io/vertx/", "/io/netty/netty-codec-http/"), NATIVE_NETTY),
        /** Holds the AI keys: the API module and Jackson, nothing of the operator or its clients. */
        CODEGEN(
                "codegen",
                List.of("/jackson-databind/"),
                List.of(
                        "/io/fabric8/",
                        "/io/javaoperatorsdk/",
                        "/io/minio/",
                        "/operator/target/",
                        "/videojob-operator/",
                        "/io/netty/",
                        "/io/vertx/"));

        final String module;
        final List<String> needed;
        final List<String> unwanted;

        Image(String module, List<String> needed, List<String> unwanted) {
            this.module = module;
            this.needed = needed;
            this.unwanted = unwanted;
        }

        List<String> classpath() throws IOException {
            Path file = Path.of("..", module, "target", "runtime-classpath.txt");
            return Arrays.asList(Files.readString(file).strip().split(":"));
        }
    }

    @ParameterizedTest
    @EnumSource(Image.class)
    void shipsWhatItsServiceUsesAndNothingElse(Image image) throws IOException {
        List<String> classpath = image.classpath();

        image.needed.forEach(needed ->
                assertThat(classpath).as("%s needs %s", image, needed).anyMatch(entry -> entry.contains(needed)));
        assertThat(classpath)
                .as("%s ships only what it uses", image)
                .noneMatch(entry -> image.unwanted.stream().anyMatch(entry::contains)
                        || TEST_ONLY.stream().anyMatch(entry::contains));
    }
}
