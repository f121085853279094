package io.manimvideo.ingress.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.AnnotationKeyword;
import io.manimvideo.api.texts.Text;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a request against its operation in the merged contract: every declared parameter (all are strings:
 * headers, path segments, query values) and the JSON body, and parses that body once into the tree the
 * handlers read ({@link #body}). The schemas are compiled once, at start, by networknt's validator (OpenAPI
 * 3.1 dialect): a webhook body is checked in about a microsecond. Vert.x's own request validation interprets
 * the schema on every request and its main method is too large for the JIT to compile, which made it most
 * of the CPU time of a webhook update. Everything that fails is a 400 problem naming the field and the rule.
 */
public final class ContractValidator {
    private static final String DOCUMENT = "urn:manim-video:contract";
    private static final String BODY_KEY = ContractValidator.class.getName() + ".body";
    private static final String JSON = "application/json";
    private static final int MAX_ERRORS_SHOWN = 5;

    private record ParameterRule(String name, String in, boolean required, Schema schema) {}

    private record BodyRule(boolean required, Schema schema) {}

    private record OperationRules(List<ParameterRule> parameters, BodyRule body) {}

    private final ObjectMapper mapper;
    private final Map<String, OperationRules> operations;

    /** @param contract the merged contract ({@link ContractLoader#merged()}) */
    public ContractValidator(JsonObject contract) {
        this.mapper = new ObjectMapper();
        mapper.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(ApiRouter.MAX_JSON_DEPTH)
                        .build());
        // contract keywords outside schemas (info, paths, examples...) are documentation, not rules
        Dialect dialect = Dialect.builder(Dialects.getOpenApi31())
                .unknownKeywordFactory((keyword, context) -> new AnnotationKeyword(keyword))
                .build();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(
                dialect,
                builder -> builder.schemas(Map.of(DOCUMENT, contract.encode()))
                        .schemaRegistryConfig(SchemaRegistryConfig.builder()
                                .locale(Locale.ENGLISH)
                                .formatAssertionsEnabled(true)
                                .build()));
        this.operations = compile(contract, registry);
    }

    /**
     * Validates the request for {@code operationId} and keeps the parsed body for {@link #body}.
     *
     * @throws ApiProblem 400 (or 415 for a body that is not JSON) saying what is wrong
     */
    public void check(String operationId, RoutingContext ctx) {
        OperationRules rules = operations.get(operationId);
        if (rules == null) {
            throw new IllegalStateException("operation " + operationId + " is not in the contract");
        }
        for (ParameterRule parameter : rules.parameters()) {
            check(parameter, value(parameter, ctx));
        }
        if (rules.body() != null) {
            JsonNode tree = checkBody(rules.body(), ctx);
            if (tree != null) {
                ctx.put(BODY_KEY, tree);
            }
        }
    }

    /** The request body as validated by {@link #check}; empty when the request had none. */
    public static Optional<JsonNode> body(RoutingContext ctx) {
        return Optional.ofNullable(ctx.get(BODY_KEY));
    }

    private static void check(ParameterRule rule, String value) {
        String what = "The " + rule.in() + " parameter " + rule.name();
        if (value == null) {
            if (rule.required()) {
                throw ApiProblem.badRequest(Text.of("problem.parameterRequired", "name", what));
            }
            return;
        }
        List<Error> errors = rule.schema().validate(TextNode.valueOf(value));
        if (!errors.isEmpty()) {
            throw ApiProblem.badRequest(Text.of(
                    "problem.parameterInvalid",
                    "name",
                    what,
                    "rule",
                    errors.get(0).getMessage()));
        }
    }

    private JsonNode checkBody(BodyRule rule, RoutingContext ctx) {
        Buffer raw = ctx.body() == null ? null : ctx.body().buffer();
        if (raw == null || raw.length() == 0) {
            if (rule.required()) {
                throw ApiProblem.badRequest(Text.of("problem.bodyRequired"));
            }
            return null;
        }
        if (!JSON.equals(mediaType(ctx.request().getHeader("Content-Type")))) {
            throw new ApiProblem(415, Text.of("problem.sendJson"));
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(raw.getBytes());
        } catch (JsonProcessingException e) {
            throw ApiProblem.badRequest(Text.of("problem.notJson"));
        } catch (IOException e) {
            throw ApiProblem.badRequest(Text.of("problem.unreadableBody"));
        }
        if (tree == null || tree.isMissingNode()) {
            throw ApiProblem.badRequest(Text.of("problem.notJson"));
        }
        List<Error> errors = rule.schema().validate(tree);
        if (!errors.isEmpty()) {
            // the schema validator's own words name the rule; they are technical and stay as it says them
            List<ApiProblem.FieldError> fields = errors.stream()
                    .limit(MAX_ERRORS_SHOWN)
                    .map(e -> new ApiProblem.FieldError(
                            e.getInstanceLocation().toString(), Text.of("problem.schemaRule", "rule", e.getMessage())))
                    .toList();
            Error first = errors.get(0);
            String pointer = first.getInstanceLocation().toString();
            throw new ApiProblem(
                    400,
                    Text.of(
                            "problem.bodyMismatch",
                            "pointer",
                            pointer.isEmpty() ? "/" : pointer,
                            "rule",
                            first.getMessage()),
                    fields,
                    Map.of());
        }
        return tree;
    }

    private static String value(ParameterRule rule, RoutingContext ctx) {
        return switch (rule.in()) {
            case "header" -> ctx.request().getHeader(rule.name());
            case "path" -> ctx.pathParam(rule.name());
            case "query" -> ctx.queryParams().get(rule.name());
            case "cookie" ->
                ctx.request().getCookie(rule.name()) == null
                        ? null
                        : ctx.request().getCookie(rule.name()).getValue();
            default -> throw new IllegalStateException("parameter in " + rule.in());
        };
    }

    private static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int parameters = contentType.indexOf(';');
        return (parameters < 0 ? contentType : contentType.substring(0, parameters))
                .strip()
                .toLowerCase(Locale.ROOT);
    }

    private static Map<String, OperationRules> compile(JsonObject contract, SchemaRegistry registry) {
        Map<String, OperationRules> compiled = new HashMap<>();
        JsonObject paths = contract.getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            JsonObject item = paths.getJsonObject(path);
            String itemPointer = "/paths/" + escape(path);
            for (String method : item.fieldNames()) {
                if (!(item.getValue(method) instanceof JsonObject operation) || !operation.containsKey("operationId")) {
                    continue;
                }
                List<ParameterRule> parameters = new ArrayList<>();
                parameters(contract, item, itemPointer, registry, parameters);
                parameters(contract, operation, itemPointer + "/" + method, registry, parameters);
                compiled.put(
                        operation.getString("operationId"),
                        new OperationRules(
                                List.copyOf(parameters), bodyRule(operation, itemPointer + "/" + method, registry)));
            }
        }
        return Map.copyOf(compiled);
    }

    /** The parameters declared at {@code pointer} (a path item or an operation), following local refs. */
    private static void parameters(
            JsonObject contract, JsonObject owner, String pointer, SchemaRegistry registry, List<ParameterRule> into) {
        var declared = owner.getJsonArray("parameters");
        if (declared == null) {
            return;
        }
        for (int i = 0; i < declared.size(); i++) {
            JsonObject parameter = declared.getJsonObject(i);
            String at = pointer + "/parameters/" + i;
            String ref = parameter.getString("$ref");
            if (ref != null) {
                at = ref.substring(1);
                parameter = resolve(contract, at);
            }
            if (!"string".equals(parameter.getJsonObject("schema").getString("type"))) {
                // every parameter of this API is a string; anything else would need style handling
                throw new IllegalStateException("parameter " + parameter.getString("name") + " is not a string");
            }
            into.add(new ParameterRule(
                    parameter.getString("name"),
                    parameter.getString("in"),
                    parameter.getBoolean("required", false),
                    registry.getSchema(SchemaLocation.of(DOCUMENT + "#" + at + "/schema"))));
        }
    }

    private static BodyRule bodyRule(JsonObject operation, String pointer, SchemaRegistry registry) {
        JsonObject body = operation.getJsonObject("requestBody");
        if (body == null) {
            return null;
        }
        JsonObject content = body.getJsonObject("content", new JsonObject());
        if (!content.containsKey(JSON) || content.size() != 1) {
            throw new IllegalStateException("request bodies are JSON only: " + pointer);
        }
        return new BodyRule(
                body.getBoolean("required", false),
                registry.getSchema(SchemaLocation.of(
                        DOCUMENT + "#" + pointer + "/requestBody/content/" + escape(JSON) + "/schema")));
    }

    private static JsonObject resolve(JsonObject contract, String pointer) {
        Object node = contract;
        for (String token : pointer.substring(1).split("/")) {
            node = ((JsonObject) node).getValue(token.replace("~1", "/").replace("~0", "~"));
        }
        return (JsonObject) node;
    }

    /** A JSON pointer token (RFC 6901). */
    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
