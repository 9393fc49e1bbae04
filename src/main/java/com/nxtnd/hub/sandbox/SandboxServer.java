package com.nxtnd.hub.sandbox;

import com.nxtnd.hub.nxt.NxtProperties;
import com.nxtnd.hub.sandbox.nxt.NxtSandboxController;
import com.nxtnd.hub.sandbox.woo.WooSandboxController;
import com.nxtnd.hub.sandbox.woo.WooSandboxProperties;
import com.nxtnd.hub.woo.WooCommerceProperties;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * Both sandboxes alone, in a process of their own (no hub, no database), so that benchmarks measure the hub and not
 * the simulators:
 * {@code java -cp target/woo-nxt-hub.jar -Dloader.main=com.nxtnd.hub.sandbox.SandboxServer
 * org.springframework.boot.loader.launch.PropertiesLauncher --server.port=9090}
 * Then point the hub at it: WOOCOMMERCE_SITE_URL=http://127.0.0.1:9090/sandbox/woo, NXT_BASE_URL=http://127.0.0.1:9090/sandbox/nxt/api.
 */
public final class SandboxServer {

    private SandboxServer() {
    }

    /** Not a @Configuration: the hub's component scan must not pick it up. */
    @EnableAutoConfiguration(exclude = {DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class,
        CamelAutoConfiguration.class, SecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class,
        org.springframework.boot.actuate.autoconfigure.security.servlet.ManagementWebSecurityAutoConfiguration.class})
    @EnableConfigurationProperties({WooCommerceProperties.class, NxtProperties.class, WooSandboxProperties.class})
    @Import({SandboxTrafficRegistry.class, SandboxAdminLogin.class, SandboxAdminLogin.Answer.class, SandboxFaultsController.class, WooSandboxController.class,
        WooSandboxController.Beans.class, NxtSandboxController.class, NxtSandboxController.Store.class})
    static class Sandboxes {
    }

    public static ConfigurableApplicationContext start(String... args) {
        return new SpringApplicationBuilder(Sandboxes.class).web(WebApplicationType.SERVLET)
                .properties("spring.main.banner-mode=off", "management.endpoints.enabled-by-default=false",
                        "spring.autoconfigure.exclude=io.hawt.springboot.HawtioAutoConfiguration,"
                                + "org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpAutoConfiguration,"
                                + "org.apache.camel.component.platform.http.springboot.PlatformHttpComponentAutoConfiguration")
                .run(args);
    }

    public static void main(String[] args) {
        start(args);
    }
}
