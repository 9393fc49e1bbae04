package com.nxtnd.hub.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.nxtnd.hub.mapping.OutsideText;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The admin API's one error answer, {@code {"error", "message", "details": {"field", ...}}}, for what the controllers
 * refuse themselves ({@link #body}) and for what Spring refuses before they run: malformed JSON, a value of the wrong
 * type, a field no request has, a bound (Bean Validation), a missing or unreadable parameter, a media type or method
 * not taken. The field is named as the request names it ({@code entityTypes[0]}, {@code batchSize}); messages quote
 * at most a few hundred characters of what was sent.
 */
@RestControllerAdvice(basePackageClasses = ApiErrors.class)
class ApiErrors {

    static Map<String, Object> body(String error, String message, Map<String, Object> details) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("message", message);
        Map<String, Object> d = new LinkedHashMap<>(details == null ? Map.of() : details);
        // answers before this one named the field "parameter": both are given, and say the same
        if (!d.containsKey("field") && d.get("parameter") != null) {
            d.put("field", d.get("parameter"));
        }
        if (!d.containsKey("parameter") && d.get("field") != null) {
            d.put("parameter", d.get("field"));
        }
        body.put("details", d);
        return body;
    }

    /** "field: what is wrong" from a controller's or a request record's check: 400 naming the field. */
    static ResponseEntity<Map<String, Object>> badRequest(IllegalArgumentException e) {
        String message = e.getMessage() == null ? "bad request" : e.getMessage();
        int colon = message.indexOf(':');
        String field = colon > 0 && message.substring(0, colon).matches("[A-Za-z][A-Za-z0-9_.\\[\\]]*")
                ? message.substring(0, colon) : null;
        return ResponseEntity.badRequest().body(body("bad_request", OutsideText.quote(message, 500),
                field == null ? Map.of() : Map.of("field", field)));
    }

    /**
     * A controller's or a request record's own check ("field: what is wrong"). Here rather than in each controller:
     * a handler there would also take the NumberFormatException inside a parameter of the wrong type, and lose its name.
     */
    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, Object>> illegalArgument(IllegalArgumentException e) {
        return badRequest(e);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        if (cause instanceof UnrecognizedPropertyException u) {
            return error(HttpStatus.BAD_REQUEST, "unknown_field", "No such field: " + OutsideText.quote(u.getPropertyName(), 100),
                    path(u));
        }
        if (cause instanceof InvalidFormatException f) {
            return error(HttpStatus.BAD_REQUEST, "invalid_value", path(f) + ": '" + OutsideText.quote(String.valueOf(f.getValue()), 100)
                    + "' is not a valid " + f.getTargetType().getSimpleName(), path(f));
        }
        if (cause instanceof MismatchedInputException m && m.getOriginalMessage() != null
                && m.getOriginalMessage().startsWith("Unexpected end-of-input")) {
            return error(HttpStatus.BAD_REQUEST, "malformed_json", "The body is not valid JSON: it ends at "
                    + path(m), path(m));
        }
        if (cause instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
            String type = m.getTargetType() == null ? "value" : m.getTargetType().getSimpleName();
            return error(HttpStatus.BAD_REQUEST, "invalid_value", path(m) + ": expected " + article(type), path(m));
        }
        if (cause instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            return error(HttpStatus.BAD_REQUEST, "invalid_value", path(m) + ": "
                    + OutsideText.quote(m.getOriginalMessage(), 200), path(m));
        }
        if (cause instanceof com.fasterxml.jackson.core.exc.InputCoercionException c) { // 1e30 for an int
            String name = c.getProcessor() == null ? null : c.getProcessor().getParsingContext().getCurrentName();
            String field = name == null ? "body" : OutsideText.quote(name, 100);
            return error(HttpStatus.BAD_REQUEST, "invalid_value", field + ": number out of range", field);
        }
        if (cause instanceof JsonProcessingException p) {
            String where = p.getLocation() == null ? "" : " at line " + p.getLocation().getLineNr() + ", column "
                    + p.getLocation().getColumnNr();
            return error(HttpStatus.BAD_REQUEST, "malformed_json", "The body is not valid JSON" + where, "body");
        }
        return error(HttpStatus.BAD_REQUEST, "malformed_json", "The body is missing or not valid JSON", "body");
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<Map<String, Object>> invalid(MethodArgumentNotValidException e) {
        FieldError first = e.getBindingResult().getFieldErrors().stream().findFirst().orElse(null);
        if (first == null) {
            return error(HttpStatus.BAD_REQUEST, "invalid_value", "The request is not valid", "body");
        }
        return error(HttpStatus.BAD_REQUEST, "invalid_value", first.getField() + ": " + first.getDefaultMessage(),
                first.getField());
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<Map<String, Object>> invalidParameter(HandlerMethodValidationException e) {
        var first = e.getAllValidationResults().stream().findFirst().orElse(null);
        if (first == null) {
            return error(HttpStatus.BAD_REQUEST, "invalid_value", "The request is not valid", "parameter");
        }
        String name = first.getMethodParameter().getParameterName();
        String reason = first.getResolvableErrors().stream().findFirst().map(r -> r.getDefaultMessage()).orElse("not valid");
        return error(HttpStatus.BAD_REQUEST, "invalid_value", name + ": " + reason, name);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Map<String, Object>> wrongType(MethodArgumentTypeMismatchException e) {
        String type = e.getRequiredType() == null ? "value" : e.getRequiredType().getSimpleName();
        return error(HttpStatus.BAD_REQUEST, "invalid_value", e.getName() + ": '"
                + OutsideText.quote(String.valueOf(e.getValue()), 100) + "' is not " + article(type), e.getName());
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<Map<String, Object>> missing(MissingServletRequestParameterException e) {
        return error(HttpStatus.BAD_REQUEST, "missing_value", e.getParameterName() + ": required", e.getParameterName());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Map<String, Object>> mediaType(HttpMediaTypeNotSupportedException e) {
        return error(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                "The body must be JSON (Content-Type: application/json)", "Content-Type");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Map<String, Object>> method(HttpRequestMethodNotSupportedException e) {
        return error(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed", e.getMethod() + " is not taken here; use "
                + e.getSupportedHttpMethods(), "method");
    }

    private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String error, String message, String field) {
        return ResponseEntity.status(status).body(body(error, message, Map.of("field", field)));
    }

    /** {@code entityTypes[0]}, {@code data.firstName}: the path as the request wrote it. */
    private static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getIndex() >= 0) {
                out.append('[').append(r.getIndex()).append(']');
            } else if (r.getFieldName() != null) {
                out.append(out.isEmpty() ? "" : ".").append(OutsideText.quote(r.getFieldName(), 100));
            }
        }
        return out.isEmpty() ? "body" : out.toString();
    }

    private static String article(String type) {
        return switch (type) {
            case "Integer", "int", "Long", "long" -> "a whole number";
            case "Boolean", "boolean" -> "true or false";
            case "String" -> "a string";
            case "List", "ArrayList" -> "a list";
            default -> "a " + type;
        };
    }

    /**
     * The admin API reads request bodies strictly: 1.5 is no whole number, "5" no number and a field no request has
     * is refused (Spring's default accepts all three). Only the API's converter; the hub's ObjectMapper is unchanged.
     */
    @Bean
    WebMvcConfigurer strictRequestBodies(ObjectMapper shared) {
        ObjectMapper strict = shared.copy()
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        return new WebMvcConfigurer() {
            @Override
            public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
                for (HttpMessageConverter<?> c : converters) {
                    if (c instanceof MappingJackson2HttpMessageConverter jackson) {
                        jackson.setObjectMapper(strict);
                    }
                }
            }
        };
    }
}
