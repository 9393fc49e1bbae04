package com.nxtnd.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.nxtnd.hub.api.AdminProperties;
import com.nxtnd.hub.nxt.NxtProperties;
import com.nxtnd.hub.sandbox.EmbeddedDefaultsPostProcessor;
import com.nxtnd.hub.woo.WooCommerceProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.env.MockEnvironment;

/** A bad setting stops start-up with a message that names the environment variable to fix. */
class StartupValidationTest {

    @Configuration
    @EnableConfigurationProperties({WooCommerceProperties.class, NxtProperties.class, HubProperties.class, AdminProperties.class})
    static class Props {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Props.class)
            .withPropertyValues("woocommerce.site-url=https://shop.example", "woocommerce.consumer-key=ck_x",
                    "woocommerce.consumer-secret=cs_x", "woocommerce.webhook-secret=whs",
                    "nxt.base-url=https://nxt.example/api", "nxt.api-token=t");

    @Test
    void validSettingsStart() {
        runner.run(ctx -> {
            assertThat(ctx).hasNotFailed();
            assertThat(ctx.getBean(WooCommerceProperties.class).batchSize()).isEqualTo(50);
            assertThat(ctx.getBean(WooCommerceProperties.class).apiBase()).isEqualTo("https://shop.example/wp-json/wc/v3");
        });
    }

    @Test
    void batchSizeAbove100IsRefusedNamingTheVariable() {
        runner.withPropertyValues("woocommerce.batch-size=500").run(ctx -> assertThat(ctx).getFailure()
                .rootCause().hasMessageContaining("WOOCOMMERCE_BATCH_SIZE"));
    }

    @Test
    void urlWithoutSchemeIsRefusedNamingTheVariable() {
        runner.withPropertyValues("woocommerce.site-url=shop.example").run(ctx -> assertThat(ctx).getFailure()
                .rootCause().hasMessageContaining("WOOCOMMERCE_SITE_URL"));
        runner.withPropertyValues("nxt.base-url=nxt.example/api").run(ctx -> assertThat(ctx).getFailure()
                .rootCause().hasMessageContaining("NXT_BASE_URL"));
    }

    @Test
    void plainHttpToARemoteStoreIsRefusedUnlessAllowed() {
        runner.withPropertyValues("woocommerce.site-url=http://shop.example").run(ctx -> assertThat(ctx).getFailure()
                .rootCause().hasMessageContaining("WOOCOMMERCE_ALLOW_INSECURE_HTTP").hasMessageContaining("unencrypted"));
        runner.withPropertyValues("woocommerce.site-url=http://shop.example", "woocommerce.allow-insecure-http=true")
                .run(ctx -> assertThat(ctx).hasNotFailed());
        runner.withPropertyValues("woocommerce.site-url=http://127.0.0.1:8080/sandbox/woo")
                .run(ctx -> assertThat(ctx).hasNotFailed());
    }

    @Test
    void nothingConfiguredMeansEmbeddedDefaultsWithFixedCredentials() {
        MockEnvironment env = new MockEnvironment();
        new EmbeddedDefaultsPostProcessor().postProcessEnvironment(env, new SpringApplication());
        assertThat(env.getProperty("hub.embedded-db")).isEqualTo("true");
        assertThat(env.getProperty("hub.sandbox-woo")).isEqualTo("true");
        assertThat(env.getProperty("hub.sandbox-nxt")).isEqualTo("true");
        assertThat(env.getProperty("woocommerce.consumer-key")).isEqualTo("ck_sandbox");
        assertThat(env.getProperty("woocommerce.consumer-secret")).isEqualTo("cs_sandbox");
        assertThat(env.getProperty("woocommerce.webhook-secret")).isEqualTo("sandbox-secret");
        assertThat(env.getProperty("nxt.api-token")).isEqualTo("sandbox-token");
        assertThat(env.getProperty("hub.admin.password")).isEqualTo("admin");
    }

    @Test
    void aConfiguredStoreReplacesTheSandboxAndGetsNoDefaultPassword() {
        MockEnvironment env = new MockEnvironment()
                .withProperty("woocommerce.site-url", "https://shop.example")
                .withProperty("spring.datasource.url", "jdbc:postgresql://db/hub");
        new EmbeddedDefaultsPostProcessor().postProcessEnvironment(env, new SpringApplication());
        assertThat(env.getProperty("hub.sandbox-woo")).isNull();
        assertThat(env.getProperty("hub.embedded-db")).isNull();
        assertThat(env.getProperty("woocommerce.consumer-key")).isNull();
        assertThat(env.getProperty("hub.sandbox-nxt")).isEqualTo("true");
        assertThat(env.getProperty("hub.admin.password")).isNull();
    }
}
