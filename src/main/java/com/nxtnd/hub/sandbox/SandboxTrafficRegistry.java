package com.nxtnd.hub.sandbox;

import java.util.Map;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The two sandboxes' traffic (faults and call counts), and the filters that apply it. */
@Configuration(proxyBeanMethods = false)
public class SandboxTrafficRegistry {

    public static final String WOO_PREFIX = "/sandbox/woo";
    public static final String NXT_PREFIX = "/sandbox/nxt";

    private final SandboxTraffic woo = new SandboxTraffic("woo");
    private final SandboxTraffic nxt = new SandboxTraffic("nxt");

    public SandboxTraffic woo() {
        return woo;
    }

    public SandboxTraffic nxt() {
        return nxt;
    }

    Map<String, SandboxTraffic> bySystem() {
        return Map.of("woo", woo, "nxt", nxt);
    }

    @Bean
    FilterRegistrationBean<FaultInjectionFilter> wooSandboxFaults() {
        FilterRegistrationBean<FaultInjectionFilter> bean =
                new FilterRegistrationBean<>(new FaultInjectionFilter(WOO_PREFIX, woo));
        bean.addUrlPatterns(WOO_PREFIX + "/*");
        bean.setName("wooSandboxFaults");
        return bean;
    }

    @Bean
    FilterRegistrationBean<FaultInjectionFilter> nxtSandboxFaults() {
        FilterRegistrationBean<FaultInjectionFilter> bean =
                new FilterRegistrationBean<>(new FaultInjectionFilter(NXT_PREFIX, nxt));
        bean.addUrlPatterns(NXT_PREFIX + "/*");
        bean.setName("nxtSandboxFaults");
        return bean;
    }
}
