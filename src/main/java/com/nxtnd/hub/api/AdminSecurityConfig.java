package com.nxtnd.hub.api;

import com.nxtnd.hub.HubProperties;
import com.nxtnd.hub.webhook.WebhookGuardFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.util.StringUtils;

/**
 * Everything but webhook deliveries, health and the sandboxes (which check their own credentials) needs the
 * admin login over HTTP Basic.
 */
@Configuration(proxyBeanMethods = false)
public class AdminSecurityConfig {

    /** The sandboxes check their own credentials (consumer key, bearer token); the hub's login stays out of it. */
    @Bean
    @org.springframework.core.annotation.Order(1)
    SecurityFilterChain sandboxFilterChain(HttpSecurity http) throws Exception {
        return http.securityMatcher("/sandbox/**")
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(
                        org.springframework.security.config.http.SessionCreationPolicy.STATELESS))
                .build();
    }

    /**
     * Webhook deliveries need no login (their signature and {@code WebhookGuardFilter} decide), so they get a chain of
     * their own instead of the admin chain's dozen filters. Each delivery passes the chain twice (platform-http answers
     * asynchronously, so the answer is dispatched again); with the admin chain that was over half of the hub's CPU in
     * a flood of deliveries.
     */
    @Bean
    @org.springframework.core.annotation.Order(0)
    SecurityFilterChain webhookDeliveryFilterChain(HttpSecurity http) throws Exception {
        return openChain(http, WebhookGuardFilter::isDelivery);
    }

    /** A chain for requests that anyone may send: no login, session, CSRF token, request cache or security headers. */
    public static SecurityFilterChain openChain(HttpSecurity http,
                                                org.springframework.security.web.util.matcher.RequestMatcher requests)
            throws Exception {
        return http.securityMatcher(requests)
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.disable())
                .securityContext(c -> c.disable())
                .requestCache(c -> c.disable())
                .anonymous(a -> a.disable())
                .logout(l -> l.disable())
                .headers(h -> h.disable())
                .servletApi(a -> a.disable())
                .exceptionHandling(e -> e.disable())
                .build();
    }

    @Bean
    LoginThrottle loginThrottle(AdminProperties admin) {
        return new LoginThrottle(admin.maxFailedLogins(), admin.failedLoginWindow(), java.time.Clock.systemUTC());
    }

    /** Runs inside the admin security chain only, not as a servlet filter of its own. */
    @Bean
    org.springframework.boot.web.servlet.FilterRegistrationBean<LoginThrottle> loginThrottleRegistration(LoginThrottle throttle) {
        var registration = new org.springframework.boot.web.servlet.FilterRegistrationBean<>(throttle);
        registration.setEnabled(false);
        return registration;
    }

    @Bean
    @org.springframework.core.annotation.Order(2)
    SecurityFilterChain adminFilterChain(HttpSecurity http, LoginThrottle throttle,
                                         org.springframework.jdbc.core.JdbcTemplate jdbc) throws Exception {
        // before the login: a request from another origin is refused whether or not the browser sent the credentials
        http.addFilterBefore(new CrossSiteGuard(), org.springframework.security.web.authentication.www.BasicAuthenticationFilter.class)
                .addFilterBefore(throttle, org.springframework.security.web.authentication.www.BasicAuthenticationFilter.class)
                .addFilterAfter(new AuditTrailFilter(jdbc),
                        org.springframework.security.web.access.intercept.AuthorizationFilter.class)
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(HttpMethod.POST, WebhookGuardFilter.DELIVERY_PATHS.toArray(String[]::new)).permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/api/woocommerce/health",
                                "/error").permitAll()
                        .anyRequest().authenticated())
                .httpBasic(basic -> basic.realmName("woo-nxt-hub"))
                // Stateless Basic-auth API (and Hawtio's Jolokia POSTs): no session for a CSRF token to live in; a
                // browser's cached Basic login is kept from other pages by CrossSiteGuard (origin, JSON bodies).
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(
                        org.springframework.security.config.http.SessionCreationPolicy.STATELESS))
                .headers(h -> h.frameOptions(f -> f.sameOrigin()));
        return http.build();
    }

    /**
     * No Micrometer observation around each security filter: with it the filter chain was a seventh of the hub's CPU
     * under a flood of webhook deliveries. Requests are still timed as a whole (http.server.requests).
     */
    @Bean
    org.springframework.security.config.observation.SecurityObservationSettings securityObservationSettings() {
        return org.springframework.security.config.observation.SecurityObservationSettings.noObservations();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return new InMemoryPasswordEncoder();
    }

    @Bean
    UserDetailsService adminUsers(AdminProperties admin, HubProperties hub, PasswordEncoder encoder) {
        if (!StringUtils.hasText(admin.password())) {
            throw new IllegalStateException("HUB_ADMIN_PASSWORD must be set: a real WooCommerce or NXT-ND is "
                    + "configured (WOOCOMMERCE_SITE_URL / NXT_BASE_URL), so the admin API may not run with a default password.");
        }
        return new InMemoryUserDetailsManager(User.withUsername(admin.user())
                .password(encoder.encode(admin.password())).roles("ADMIN").build());
    }
}
