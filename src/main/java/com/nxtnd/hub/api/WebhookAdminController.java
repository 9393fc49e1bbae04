package com.nxtnd.hub.api;

import com.nxtnd.hub.store.WebhookEventRepository;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** GET /api/woocommerce/webhooks/stats and POST /api/woocommerce/webhooks/retry (admin login). */
@RestController
class WebhookAdminController {

    private final WebhookEventRepository events;

    WebhookAdminController(WebhookEventRepository events) {
        this.events = events;
    }

    @GetMapping("/api/woocommerce/webhooks/stats")
    Map<String, Object> stats() {
        return events.stats();
    }

    /** Re-queues failed events: all (empty body), by {@code ids}, or by {@code topic}. */
    record RetryRequest(@jakarta.validation.constraints.Size(max = 10_000, message = "at most 10000 ids")
                        List<@jakarta.validation.constraints.NotNull(message = "must not be null")
                             @jakarta.validation.constraints.Positive(message = "must be a positive id") Long> ids,
                        @jakarta.validation.constraints.Size(max = 64, message = "at most 64 characters") String topic) {
    }

    @PostMapping("/api/woocommerce/webhooks/retry")
    Map<String, Object> retry(@jakarta.validation.Valid @RequestBody(required = false) RetryRequest request) {
        RetryRequest r = request == null ? new RetryRequest(null, null) : request;
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("requeued", events.requeueFailed(r.ids(), r.topic()));
        return answer;
    }
}
