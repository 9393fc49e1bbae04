package com.nxtnd.hub.lifecycle;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nxtnd.hub.webhook.WebhookGuardFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/** Answers a delivery 503 (never 404) while {@link DeliveryGate} says it cannot be stored; before any other filter. */
public class DeliveryGateFilter extends OncePerRequestFilter {

    /** The body of that 503. */
    public record NotReady(String error, String message, Map<String, Object> details) {
    }

    private final DeliveryGate gate;
    private final byte[] body;

    DeliveryGateFilter(DeliveryGate gate, ObjectMapper json) throws IOException {
        this.gate = gate;
        this.body = json.writeValueAsBytes(new NotReady("not_ready",
                "The hub is starting or stopping and cannot store deliveries now", Map.of()));
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !WebhookGuardFilter.isDelivery(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (gate.accepts(request.getRequestURI())) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(503);
        response.setHeader("Retry-After", "10");
        response.setContentType("application/json");
        response.getOutputStream().write(body);
    }

    @Configuration(proxyBeanMethods = false)
    static class Registration {
        @Bean
        FilterRegistrationBean<DeliveryGateFilter> deliveryGateFilter(DeliveryGate gate, ObjectMapper json)
                throws IOException {
            FilterRegistrationBean<DeliveryGateFilter> bean = new FilterRegistrationBean<>(new DeliveryGateFilter(gate, json));
            bean.addUrlPatterns("/api/woocommerce/webhooks", "/api/woocommerce/webhooks/*");
            bean.setName("deliveryGate");
            bean.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
            return bean;
        }
    }
}
