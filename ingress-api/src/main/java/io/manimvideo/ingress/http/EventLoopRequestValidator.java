package io.manimvideo.ingress.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.json.schema.JsonSchemaValidationException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.common.dsl.SchemaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.Style;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.RequestValidatorImpl;
import io.vertx.openapi.validation.impl.ValidatedRequestImpl;
import java.util.HashMap;
import java.util.Map;

/**
 * Vert.x's request validation (the same checks and error messages), run where the request arrived and with each
 * schema's validator built once ({@link PrebuiltSchemaContract}). Vert.x runs it on the worker pool, one request
 * after the other per event loop (ordered blocking calls): at a thousand webhook updates a second that queue, not
 * the work, was most of each answer's time. Validating a small body against prebuilt validators is short work.
 * String headers and path parameters are taken as the strings they are: Vert.x first tries to read each as JSON,
 * which costs an exception for every secret or signature header (and would turn a header {@code 1.5} into a
 * number that then fails its string schema).
 */
final class EventLoopRequestValidator extends RequestValidatorImpl {
    EventLoopRequestValidator(Vertx vertx, OpenAPIContract contract) {
        super(vertx, new PrebuiltSchemaContract(contract));
    }

    @Override
    public Future<ValidatedRequest> validate(ValidatableRequest request, String operationId) {
        Operation operation = contract.operation(operationId);
        if (operation == null) {
            return Future.failedFuture(ValidatorException.createOperationIdInvalid(operationId));
        }
        try {
            Map<String, RequestParameter> cookies = new HashMap<>();
            Map<String, RequestParameter> headers = new HashMap<>();
            Map<String, RequestParameter> path = new HashMap<>();
            Map<String, RequestParameter> query = new HashMap<>();
            for (Parameter parameter : operation.getParameters()) {
                String name = parameter.getName();
                switch (parameter.getIn()) {
                    case COOKIE ->
                        cookies.put(
                                name,
                                validateParameter(
                                        parameter, request.getCookies().get(name)));
                    case HEADER ->
                        headers.put(
                                name,
                                validateParameter(
                                        parameter, request.getHeaders().get(name)));
                    case PATH ->
                        path.put(
                                name,
                                validateParameter(
                                        parameter, request.getPathParameters().get(name)));
                    case QUERY ->
                        query.put(
                                name,
                                validateParameter(parameter, request.getQuery().get(name)));
                }
            }
            RequestParameter body = validateBody(operation.getRequestBody(), request);
            return Future.succeededFuture(new ValidatedRequestImpl(cookies, headers, path, query, body));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    @Override
    public RequestParameter validateParameter(Parameter parameter, RequestParameter value) {
        if (value == null
                || value.isNull()
                || parameter.getSchemaType() != SchemaType.STRING
                || parameter.getStyle() != Style.SIMPLE) {
            return super.validateParameter(parameter, value);
        }
        String text = String.valueOf(value.get());
        OutputUnit result =
                contract.getSchemaRepository().validator(parameter.getSchema()).validate(text);
        try {
            result.checkValidity();
            return new RequestParameterImpl(text);
        } catch (JsonSchemaValidationException e) {
            throw SchemaValidationException.createErrorFromOutputUnitType(parameter, result, e);
        }
    }
}
