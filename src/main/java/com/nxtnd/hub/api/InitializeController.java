package com.nxtnd.hub.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.nxtnd.hub.nxt.NxtClient;
import com.nxtnd.hub.peer.HubPeers;
import com.nxtnd.hub.webhook.WebhookRegistrar;
import com.nxtnd.hub.woo.WooCommerceClient;
import com.nxtnd.hub.woo.WooCommerceProperties;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * POST /api/woocommerce/initialize: checks both connections and creates or repairs the store's webhooks. Takes the
 * seed's options where the hub can do what they ask: {@code enableRealTime} (false: the store's webhooks are left as
 * they are), {@code enableSecurity: true} (signatures and the admin login are always on), {@code batchSize} and
 * {@code maxRetries} equal to the configured values. Anything else is refused with a 400 that names it, rather than
 * accepted and ignored.
 */
@RestController
class InitializeController {

    /** The seed's options, as the body is documented (read as JSON so that an unknown option can be named). */
    record InitializeOptions(Boolean enableRealTime, Boolean enableSecurity, Integer batchSize, Integer maxRetries) {
    }

    /** The options as the hub runs with them. */
    record Options(boolean enableRealTime, boolean enableSecurity, int batchSize, int maxRetries) {
    }

    /** {@code woocommerce}/{@code nxt}: "ok" or "failed: why"; {@code webhooks}: topic -> created/kept/repaired. */
    record InitializeResponse(String woocommerce, String nxt, Map<String, String> webhooks, String realTime,
                              Options options) {
    }

    private final WooCommerceClient woo;
    private final NxtClient nxt;
    private final WebhookRegistrar webhooks;
    private final WooCommerceProperties wooProperties;
    /** WooCommerce's retries (hub.peers.woo.max-retries): the seed's maxRetries is about the store's calls. */
    private final int wooMaxRetries;

    InitializeController(WooCommerceClient woo, NxtClient nxt, WebhookRegistrar webhooks,
                         WooCommerceProperties wooProperties, HubPeers peers) {
        this.woo = woo;
        this.nxt = nxt;
        this.webhooks = webhooks;
        this.wooProperties = wooProperties;
        this.wooMaxRetries = peers.woo().maxRetries();
    }

    /** Options the hub cannot honour, each "name: why". */
    static final class Unsupported extends RuntimeException {
        final List<String> refused;

        Unsupported(List<String> refused) {
            super("The hub cannot honour: " + String.join("; ", refused));
            this.refused = refused;
        }
    }

    @ExceptionHandler(Unsupported.class)
    ResponseEntity<?> unsupported(Unsupported e) {
        List<String> names = e.refused.stream().map(r -> r.substring(0, r.indexOf(':'))).toList();
        return ResponseEntity.badRequest().body(ApiErrors.body("unsupported_option", e.getMessage(),
                Map.of("parameter", names.get(0), "options", names)));
    }

    /** 200 when both systems answered, 502 (same body) when one did not. */
    @PostMapping("/api/woocommerce/initialize")
    ResponseEntity<InitializeResponse> initialize(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @io.swagger.v3.oas.annotations.media.Content(
                    schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = InitializeOptions.class)))
            @RequestBody(required = false) JsonNode body) {
        List<String> refused = new ArrayList<>();
        Options options = options(body, refused);
        if (!refused.isEmpty()) {
            throw new Unsupported(refused);
        }
        String wooCheck = check(woo::ping);
        String nxtCheck = check(nxt::ping);
        Map<String, String> hooks = null;
        String realTime;
        if (!options.enableRealTime()) {
            realTime = "off: the store's webhooks were left as they are";
        } else if ("ok".equals(wooCheck)) {
            hooks = webhooks.ensure();
            realTime = "on";
        } else {
            realTime = "unknown: WooCommerce could not be reached";
        }
        boolean ok = "ok".equals(wooCheck) && "ok".equals(nxtCheck);
        return ResponseEntity.status(ok ? 200 : 502).body(new InitializeResponse(wooCheck, nxtCheck, hooks, realTime,
                options));
    }

    private Options options(JsonNode body, List<String> refused) {
        boolean realTime = true;
        if (body == null || body.isNull() || body.isMissingNode()) {
            return new Options(true, true, wooProperties.batchSize(), wooMaxRetries);
        }
        if (!body.isObject()) {
            refused.add("body: must be a JSON object of options");
            return null;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> option = it.next();
            String name = option.getKey();
            JsonNode value = option.getValue();
            switch (name) {
                case "enableRealTime" -> {
                    if (!value.isBoolean()) {
                        refused.add("enableRealTime: must be true or false");
                    } else {
                        realTime = value.asBoolean();
                    }
                }
                case "enableSecurity" -> {
                    if (!value.isBoolean() || !value.asBoolean()) {
                        refused.add("enableSecurity: webhook signatures and the admin login cannot be turned off");
                    }
                }
                case "batchSize" -> {
                    if (!value.isInt() || value.asInt() != wooProperties.batchSize()) {
                        refused.add("batchSize: the hub runs with WOOCOMMERCE_BATCH_SIZE=" + wooProperties.batchSize()
                                + "; change that variable, or give batchSize to each sync request");
                    }
                }
                case "maxRetries" -> {
                    if (!value.isInt() || value.asInt() != wooMaxRetries) {
                        refused.add("maxRetries: the hub runs with WOOCOMMERCE_MAX_RETRIES=" + wooMaxRetries
                                + "; change that variable");
                    }
                }
                default -> refused.add(name + ": unknown option (known: enableRealTime, enableSecurity, batchSize, "
                        + "maxRetries)");
            }
        }
        return new Options(realTime, true, wooProperties.batchSize(), wooMaxRetries);
    }

    private static String check(Runnable ping) {
        try {
            ping.run();
            return "ok";
        } catch (RuntimeException e) {
            return "failed: " + e.getMessage();
        }
    }
}
