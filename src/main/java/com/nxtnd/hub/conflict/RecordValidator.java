package com.nxtnd.hub.conflict;

import com.fasterxml.jackson.databind.JsonNode;
import com.nxtnd.hub.mapping.OutsideText;
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

    /**
     * Largest price or weight written: WooCommerce keeps prices as DECIMAL(19,4) in its lookup table and NXT-ND takes
     * money as decimal strings; a 400-digit price or "1e400" is a typo or an attack, never a price.
     */
    static final BigDecimal MAX_NUMBER = new BigDecimal("1e15");
    static final int MAX_MONEY_DECIMALS = 4;
    static final int MAX_WEIGHT_DECIMALS = 6;

    private Optional<Violation> product(JsonNode p) {
        if (p.path("sku").asText("").isBlank()) {
            return Optional.of(new Violation("data_validation", List.of("sku"), "product has no SKU"));
        }
        return numbers("product", p);
    }

    private Optional<Violation> numbers(String entity, JsonNode record) {
        // the numbers the hub writes (the mappings carry no sale or cost price)
        Optional<Violation> price = number(record.path("unitPrice"), "unitPrice", "price", MAX_MONEY_DECIMALS, false);
        return price.isPresent() ? price
                : number(record.path("weight"), "weight", "weight", MAX_WEIGHT_DECIMALS, false);
    }

    /**
     * Only numbers too large or too precise for WooCommerce (type_mismatch): for records NXT-ND holds already, on
     * their way to WooCommerce. A price that is no number at all is left to WooCommerce, which refuses that item
     * alone (kept in the error store, replayed once fixed).
     */
    public Optional<Violation> outOfBounds(String entity, JsonNode record) {
        if (!"product".equals(entity)) {
            return Optional.empty();
        }
        Optional<Violation> price = number(record.path("unitPrice"), "unitPrice", "price", MAX_MONEY_DECIMALS, true);
        return price.isPresent() ? price
                : number(record.path("weight"), "weight", "weight", MAX_WEIGHT_DECIMALS, true);
    }

    private static final java.util.regex.Pattern DIGITS = java.util.regex.Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

    private static Optional<Violation> number(JsonNode node, String field, String what, int maxDecimals,
                                              boolean boundsOnly) {
        if (node.isMissingNode() || node.isNull() || node.asText().isEmpty()) {
            return Optional.empty();
        }
        String text = node.asText().trim();
        if (boundsOnly && text.length() > 64 && DIGITS.matcher(text).matches()) {
            return Optional.of(new Violation("type_mismatch", List.of(field), what + " '" + OutsideText.quote(text, 40)
                    + "' is outside what WooCommerce and NXT-ND accept (below 10^15, at most " + maxDecimals + " decimals)"));
        }
        String quoted = OutsideText.quote(text, 40);
        BigDecimal value;
        try {
            // bounded before parsing: BigDecimal reads "1e999999999" and its arithmetic on it never ends
            value = text.length() > 64 ? null : new BigDecimal(text);
        } catch (NumberFormatException e) {
            value = null;
        }
        if (value == null) {
            if (boundsOnly) {
                return Optional.empty();
            }
            return Optional.of(new Violation("type_mismatch", List.of(field), what + " '" + quoted + "' is not a number"));
        }
        if (value.abs().compareTo(MAX_NUMBER) >= 0 || Math.max(0, value.stripTrailingZeros().scale()) > maxDecimals) {
            return Optional.of(new Violation("type_mismatch", List.of(field), what + " '" + quoted
                    + "' is outside what WooCommerce and NXT-ND accept (below 10^15, at most " + maxDecimals + " decimals)"));
        }
        if (value.signum() < 0 && !"weight".equals(field) && !boundsOnly) {
            return Optional.of(new Violation("data_validation", List.of(field),
                    what + " " + value.toPlainString() + " is negative"));
        }
        return Optional.empty();
    }

    private static Optional<Violation> customer(JsonNode c) {
        String email = c.path("email").asText("");
        if (email.isBlank()) {
            return Optional.of(new Violation("data_validation", List.of("email"), "customer has no e-mail"));
        }
        if (!EMAIL.matcher(email).matches()) {
            return Optional.of(new Violation("data_validation", List.of("email"),
                    "e-mail '" + OutsideText.quote(email, 100) + "' is not valid"));
        }
        return Optional.empty();
    }
}
