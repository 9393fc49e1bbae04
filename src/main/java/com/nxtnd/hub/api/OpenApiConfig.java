package com.nxtnd.hub.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The admin API's OpenAPI description at /api/docs (Swagger UI at /api/docs/ui), behind the admin login. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    @Bean
    OpenAPI hubOpenApi() {
        return new OpenAPI()
                .info(new Info().title("WooCommerce ⇄ NXT-ND integration hub: admin API").version("v1")
                        .description("JSON over HTTP Basic (HUB_ADMIN_USER / HUB_ADMIN_PASSWORD). Errors are "
                                + "{error, message, details}: 400 names the bad parameter, 404 for unknown ids. "
                                + "Webhook deliveries from WooCommerce are Camel routes and not listed here."))
                .components(new Components().addSecuritySchemes("basic",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")))
                .addSecurityItem(new SecurityRequirement().addList("basic"));
    }
}
