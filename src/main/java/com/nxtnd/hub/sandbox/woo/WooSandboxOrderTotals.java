package com.nxtnd.hub.sandbox.woo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An order's money as WooCommerce computes it (WC_Abstract_Order::calculate_totals): line subtotals before
 * coupons, line totals after them, shipping and fee lines as given, one tax rate over lines, shipping and taxable
 * fees, {@code total = Σ line totals + Σ fees + shipping + total_tax}. Taxes are off unless the sandbox has a rate,
 * as in a new store. All amounts are strings with two decimals, as the REST API answers.
 */
final class WooSandboxOrderTotals {

    /** The sandbox's coupons: code -> (type, amount). A real store validates codes the same way. */
    static final Map<String, String[]> COUPONS = Map.of(
            "save10", new String[] {"percent", "10"},
            "five-off", new String[] {"fixed_cart", "5.00"});

    private WooSandboxOrderTotals() {
    }

    /** Recomputes every money field of {@code o} from its lines; {@code taxRate} in percent (0: taxes off). */
    static void calculate(ObjectNode o, BigDecimal taxRate) {
        List<ObjectNode> lines = new ArrayList<>();
        o.withArray("line_items").forEach(l -> lines.add((ObjectNode) l));
        BigDecimal subtotal = BigDecimal.ZERO;
        for (ObjectNode l : lines) {
            subtotal = subtotal.add(money(l.path("subtotal").asText("0")));
        }
        BigDecimal discount = BigDecimal.ZERO;
        for (JsonNode c : o.withArray("coupon_lines")) {
            String[] coupon = COUPONS.get(c.path("code").asText("").toLowerCase());
            BigDecimal d = "percent".equals(coupon[0])
                    ? subtotal.multiply(new BigDecimal(coupon[1])).divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP)
                    : new BigDecimal(coupon[1]).min(subtotal.subtract(discount));
            ((ObjectNode) c).put("discount", d.toPlainString()).put("discount_tax", "0.00");
            discount = discount.add(d);
        }
        // the discount spread over the lines in proportion to their subtotals, the remainder on the last line
        BigDecimal left = discount;
        BigDecimal cartTax = BigDecimal.ZERO;
        BigDecimal itemsTotal = BigDecimal.ZERO;
        for (int i = 0; i < lines.size(); i++) {
            ObjectNode l = lines.get(i);
            BigDecimal lineSubtotal = money(l.path("subtotal").asText("0"));
            BigDecimal share = i == lines.size() - 1 || subtotal.signum() == 0 ? left
                    : discount.multiply(lineSubtotal).divide(subtotal, 2, RoundingMode.HALF_UP);
            left = left.subtract(share);
            BigDecimal lineTotal = lineSubtotal.subtract(share);
            BigDecimal subtotalTax = tax(lineSubtotal, taxRate);
            BigDecimal lineTax = tax(lineTotal, taxRate);
            l.put("total", lineTotal.toPlainString()).put("subtotal_tax", subtotalTax.toPlainString())
                    .put("total_tax", lineTax.toPlainString());
            cartTax = cartTax.add(lineTax);
            itemsTotal = itemsTotal.add(lineTotal);
        }
        BigDecimal fees = BigDecimal.ZERO;
        for (JsonNode f : o.withArray("fee_lines")) {
            BigDecimal fee = money(f.path("total").asText("0"));
            BigDecimal feeTax = "none".equals(f.path("tax_status").asText("taxable")) ? BigDecimal.ZERO.setScale(2)
                    : tax(fee, taxRate);
            ((ObjectNode) f).put("total", fee.toPlainString()).put("total_tax", feeTax.toPlainString());
            fees = fees.add(fee);
            cartTax = cartTax.add(feeTax);
        }
        BigDecimal shipping = BigDecimal.ZERO;
        BigDecimal shippingTax = BigDecimal.ZERO;
        for (JsonNode s : o.withArray("shipping_lines")) {
            BigDecimal cost = money(s.path("total").asText("0"));
            BigDecimal costTax = tax(cost, taxRate);
            ((ObjectNode) s).put("total", cost.toPlainString()).put("total_tax", costTax.toPlainString());
            shipping = shipping.add(cost);
            shippingTax = shippingTax.add(costTax);
        }
        ArrayNode taxLines = o.putArray("tax_lines");
        if (taxRate.signum() > 0) {
            taxLines.addObject().put("id", o.path("id").asLong() * 100 + 1).put("rate_code", "SANDBOX-TAX-1")
                    .put("rate_id", 1).put("label", "Tax").put("compound", false)
                    .put("tax_total", cartTax.toPlainString()).put("shipping_tax_total", shippingTax.toPlainString())
                    .put("rate_percent", taxRate.doubleValue());
        }
        BigDecimal totalTax = cartTax.add(shippingTax);
        o.put("discount_total", discount.setScale(2, RoundingMode.HALF_UP).toPlainString()).put("discount_tax", "0.00")
                .put("shipping_total", shipping.toPlainString()).put("shipping_tax", shippingTax.toPlainString())
                .put("cart_tax", cartTax.toPlainString()).put("total_tax", totalTax.toPlainString())
                .put("total", itemsTotal.add(fees).add(shipping).add(totalTax).setScale(2, RoundingMode.HALF_UP)
                        .toPlainString());
    }

    static BigDecimal money(String value) {
        try {
            return new BigDecimal(value == null || value.isBlank() ? "0" : value.trim()).setScale(2, RoundingMode.HALF_UP);
        } catch (NumberFormatException e) {
            throw new WooSandboxError(400, "rest_invalid_param", "Invalid parameter(s): " + value);
        }
    }

    private static BigDecimal tax(BigDecimal amount, BigDecimal rate) {
        return amount.multiply(rate).divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP);
    }
}
