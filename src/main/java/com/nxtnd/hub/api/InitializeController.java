package com.nxtnd.hub.api;

import com.nxtnd.hub.nxt.NxtClient;
import com.nxtnd.hub.webhook.WebhookRegistrar;
import com.nxtnd.hub.woo.WooCommerceClient;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** POST /api/woocommerce/initialize: checks both connections and creates or repairs the store's webhooks. */
@RestController
class InitializeController {

    private final WooCommerceClient woo;
    private final NxtClient nxt;
    private final WebhookRegistrar webhooks;

    InitializeController(WooCommerceClient woo, NxtClient nxt, WebhookRegistrar webhooks) {
        this.woo = woo;
        this.nxt = nxt;
        this.webhooks = webhooks;
    }

    @PostMapping("/api/woocommerce/initialize")
    ResponseEntity<Map<String, Object>> initialize() {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("woocommerce", check(woo::ping));
        report.put("nxt", check(nxt::ping));
        if ("ok".equals(report.get("woocommerce"))) {
            report.put("webhooks", webhooks.ensure());
        }
        boolean ok = "ok".equals(report.get("woocommerce")) && "ok".equals(report.get("nxt"));
        return ResponseEntity.status(ok ? 200 : 502).body(report);
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
