package com.nxtnd.hub.conflict;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Checks a canonical record before it is written to the other side. What fails here is kept as a conflict
 * (data_validation or type_mismatch) for a person to fix at the source, and not written.
 */
@Component
public class RecordValidator {

    /** Why a record cannot be written: the seed's conflict type, the fields, a sentence for people. */
    public record Violation(String type, List<String> fields, String message) {
    }

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    public Optional<Violation> check(String entity, JsonNode record) {
        return switch (entity) {
            case "product" -> product(record);
            case "customer" -> customer(record);
            default -> Optional.empty();
        };
    }

    private static Optional<Violation> product(JsonNode p) {
        if (p.path("sku").asText("").isBlank()) {
            return Optional.of(new Violation("data_validation", List.of("sku"), "product has no SKU"));
        }
        JsonNode price = p.path("unitPrice");
        if (!price.isMissingNode() && !price.isNull() && !price.asText().isEmpty()) {
            BigDecimal value;
            try {
                value = new BigDecimal(price.asText().trim());
            } catch (NumberFormatException e) {
                return Optional.of(new Violation("type_mismatch", List.of("unitPrice"),
                        "price '" + price.asText() + "' is not a number"));
            }
            if (value.signum() < 0) {
                return Optional.of(new Violation("data_validation", List.of("unitPrice"),
                        "price " + value.toPlainString() + " is negative"));
            }
        }
        if (!p.path("weight").isMissingNode() && !p.path("weight").isNull() && !isNumber(p.path("weight").asText())) {
            return Optional.of(new Violation("type_mismatch", List.of("weight"),
                    "weight '" + p.path("weight").asText() + "' is not a number"));
        }
        return Optional.empty();
    }

    private static Optional<Violation> customer(JsonNode c) {
        String email = c.path("email").asText("");
        if (email.isBlank()) {
            return Optional.of(new Violation("data_validation", List.of("email"), "customer has no e-mail"));
        }
        if (!EMAIL.matcher(email).matches()) {
            return Optional.of(new Violation("data_validation", List.of("email"), "e-mail '" + email + "' is not valid"));
        }
        return Optional.empty();
    }

    private static boolean isNumber(String text) {
        try {
            new BigDecimal(text.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
