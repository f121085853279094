package io.manimvideo.ingress.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Loads the five contract files from {@code contracts/} (packaged on the classpath) and merges them into
 * one OpenAPI document: the paths and components of each additional file join those of
 * {@code openapi.yaml}, and their {@code openapi.yaml#/...} references become local ones. The router and
 * all request validation are built from the result, so the contract files are the only definition of
 * the HTTP surface.
 */
public final class ContractLoader {
    public static final String MAIN = "openapi.yaml";
    public static final List<String> ADDITIONAL =
            List.of("telegram-webhook.yaml", "whatsapp-webhook.yaml", "direct-code-api.yaml", "video-delivery.yaml");
    private static final String ROOT = "contracts/";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ContractLoader() {}

    public static Future<OpenAPIContract> load(Vertx vertx) {
        JsonObject merged;
        try {
            merged = forRuntime(merged());
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        return OpenAPIContract.from(vertx, merged);
    }

    /** The merged document; fails when two files define the same path or component differently. */
    public static JsonObject merged() {
        JsonObject main = read(MAIN);
        for (String file : ADDITIONAL) {
            JsonObject other = (JsonObject) localiseRefs(read(file));
            mergeInto(main.getJsonObject("paths"), other.getJsonObject("paths", new JsonObject()), file + " paths");
            JsonObject components = main.getJsonObject("components");
            other.getJsonObject("components", new JsonObject()).forEach(section -> {
                JsonObject target = components.getJsonObject(section.getKey());
                if (target == null) {
                    target = new JsonObject();
                    components.put(section.getKey(), target);
                }
                mergeInto(target, (JsonObject) section.getValue(), file + " components/" + section.getKey());
            });
        }
        return main;
    }

    /**
     * The copy the router is built from. Vert.x OpenAPI 5.0 refuses responses in media types it cannot
     * validate ({@code application/problem+json}, {@code text/event-stream}); the service validates requests
     * only, so those response bodies are dropped (the tests check the media types of real answers). Security
     * requirements are dropped too: session tokens, webhook secrets and signatures are checked by the
     * handlers (the router would otherwise demand Vert.x auth providers). The files keep both as the
     * documentation of the API.
     */
    static JsonObject forRuntime(JsonObject contract) {
        contract.getJsonObject("paths")
                .forEach(path -> ((JsonObject) path.getValue()).forEach(op -> {
                    if (op.getValue() instanceof JsonObject operation && operation.containsKey("responses")) {
                        operation.remove("security");
                        operation.getJsonObject("responses").forEach(r -> dropUnsupported((JsonObject) r.getValue()));
                    }
                }));
        contract.getJsonObject("components")
                .getJsonObject("responses", new JsonObject())
                .forEach(r -> dropUnsupported((JsonObject) r.getValue()));
        return contract;
    }

    private static void dropUnsupported(JsonObject response) {
        JsonObject content = response.getJsonObject("content");
        if (content != null) {
            content.fieldNames().removeIf(type -> !MediaType.isMediaTypeSupported(type));
            if (content.isEmpty()) {
                response.remove("content");
            }
        }
    }

    private static void mergeInto(JsonObject target, JsonObject source, String where) {
        source.forEach(entry -> {
            Object existing = target.getValue(entry.getKey());
            if (existing != null && !existing.equals(entry.getValue())) {
                throw new IllegalStateException(
                        "contract conflict in " + where + ": " + entry.getKey() + " is defined twice");
            }
            target.put(entry.getKey(), entry.getValue());
        });
    }

    /** Rewrites {@code openapi.yaml#/x} to {@code #/x} everywhere in the tree. */
    private static Object localiseRefs(Object node) {
        if (node instanceof JsonObject object) {
            object.forEach(entry -> {
                if (entry.getKey().equals("$ref")
                        && entry.getValue() instanceof String ref
                        && ref.startsWith(MAIN + "#")) {
                    entry.setValue(ref.substring(MAIN.length()));
                } else {
                    localiseRefs(entry.getValue());
                }
            });
        } else if (node instanceof JsonArray array) {
            array.forEach(ContractLoader::localiseRefs);
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    private static JsonObject read(String file) {
        try (InputStream in = ContractLoader.class.getClassLoader().getResourceAsStream(ROOT + file)) {
            if (in == null) {
                throw new IllegalStateException("contract " + ROOT + file + " is not on the classpath");
            }
            return new JsonObject(YAML.readValue(in, Map.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read contract " + file, e);
        }
    }
}
