package com.nxtnd.hub.peer;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Circuit breakers and pacing of the calls to WooCommerce and NXT-ND (hub.resilience.*). A breaker opens when at
 * least {@code minimumCalls} of the last {@code windowSize} attempts were made and {@code failureRate} percent of
 * them failed (no answer, 5xx); it lets {@code halfOpenCalls} probes through after {@code openWait} and closes when
 * they succeed. Pacing starts at {@code concurrency} calls in flight per peer, between 1 and {@code maxConcurrency},
 * and treats an answer slower than {@code slowCall} ({@code slowBatchCall} for a /batch call, which writes up to 100
 * records and takes seconds on a healthy store) as a sign to slow down.
 */
@ConfigurationProperties("hub.resilience")
public record ResilienceProperties(
        @DefaultValue("50") float failureRate,
        @DefaultValue("20") int windowSize,
        @DefaultValue("10") int minimumCalls,
        @DefaultValue("30s") Duration openWait,
        @DefaultValue("3") int halfOpenCalls,
        @DefaultValue("8") int concurrency,
        @DefaultValue("16") int maxConcurrency,
        @DefaultValue("5s") Duration slowCall,
        @DefaultValue("30s") Duration slowBatchCall,
        @DefaultValue("60s") Duration credentialProbeInterval) {
}
