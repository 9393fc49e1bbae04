package com.nxtnd.hub.bench;

import com.nxtnd.hub.api.AdminSecurityConfig;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The webhook benchmark's reference (bench/README.md): route bench-echo, a bare platform-http endpoint
 * {@code POST /api/bench/echo} in the same hub that only answers 200, so the intake's cost can be told apart from
 * what HTTP, Tomcat and Camel cost anyway. Only there when {@code hub.bench.enabled=true}; open like the webhook
 * endpoints (no login). Java DSL, not routes/: a conditional bean exists only in a benchmark hub, while every file of
 * routes/ is loaded by every hub. Route bench-live-heap ({@code GET /api/bench/live-heap}, admin) answers what a full
 * collection left ({@link LiveHeap}), for the benchmarks' flat-heap targets.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "hub.bench.enabled", havingValue = "true")
public class BenchEchoConfig {

    public static final String PATH = "/api/bench/echo";
    /** Admin login like the rest of /api: it stops the hub for a full collection. */
    public static final String LIVE_HEAP_PATH = "/api/bench/live-heap";

    @Bean
    RouteBuilder benchEchoRoute() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("platform-http:" + PATH + "?httpMethodRestrict=POST").routeId("bench-echo")
                        .setHeader(Exchange.HTTP_RESPONSE_CODE, constant(200))
                        .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                        .setBody(constant("{\"status\":\"ok\"}"));
                // the heap the hub holds on to (LiveHeap says why not Micrometer's figures)
                from("platform-http:" + LIVE_HEAP_PATH + "?httpMethodRestrict=GET").routeId("bench-live-heap")
                        .process(exchange -> exchange.getMessage()
                                .setBody("{\"liveHeapBytes\":" + LiveHeap.afterFullCollection() + "}"))
                        .setHeader(Exchange.CONTENT_TYPE, constant("application/json"));
            }
        };
    }

    @Bean
    @Order(0)
    SecurityFilterChain benchEchoFilterChain(HttpSecurity http) throws Exception {
        // the same chain as the webhook deliveries, so that the reference costs what they cost but their processing
        return AdminSecurityConfig.openChain(http, request -> PATH.equals(request.getRequestURI()));
    }
}
