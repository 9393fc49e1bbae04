package com.nxtnd.hub.api;

import com.nxtnd.hub.store.WebhookEventRepository;
import java.util.List;
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
    com.nxtnd.hub.store.WebhookStats stats() {
        return events.stats();
    }

    /** Re-queues failed events: all (empty body), by {@code ids}, or by {@code topic}. */
    record RetryRequest(@jakarta.validation.constraints.Size(max = 10_000, message = "at most 10000 ids")
                        List<@jakarta.validation.constraints.NotNull(message = "must not be null")
                             @jakarta.validation.constraints.Positive(message = "must be a positive id") Long> ids,
                        @jakarta.validation.constraints.Size(max = 64, message = "at most 64 characters") String topic) {
    }

    /** How many failed events went back to the inbox. */
    record RetryResponse(int requeued) {
    }

    @PostMapping("/api/woocommerce/webhooks/retry")
    RetryResponse retry(@jakarta.validation.Valid @RequestBody(required = false) RetryRequest request) {
        RetryRequest r = request == null ? new RetryRequest(null, null) : request;
        return new RetryResponse(events.requeueFailed(r.ids(), r.topic()));
    }
}
