package com.nxtnd.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** No Docker engine runs here, so the compose file is checked by reading it. */
class DockerComposeTest {

    /** Every environment variable the hub reads in application.yml must be wired in the compose file. */
    @Test
    @SuppressWarnings("unchecked")
    void composeWiresPostgresWithVolumeAndHealthcheckAndEveryHubVariable() throws Exception {
        Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("docker-compose.yml")));
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        assertThat(services).containsKeys("postgres", "hub");

        Map<String, Object> postgres = (Map<String, Object>) services.get("postgres");
        assertThat((String) postgres.get("image")).startsWith("postgres:16");
        assertThat((Map<String, Object>) postgres.get("healthcheck")).containsKey("test");
        assertThat((List<String>) postgres.get("volumes")).anyMatch(v -> v.endsWith(":/var/lib/postgresql/data"));
        assertThat((Map<String, Object>) compose.get("volumes")).containsKey("hub-pgdata");

        Map<String, Object> hub = (Map<String, Object>) services.get("hub");
        assertThat(hub.get("build")).isEqualTo(".");
        assertThat(((Map<String, Object>) ((Map<String, Object>) hub.get("depends_on")).get("postgres")))
                .containsEntry("condition", "service_healthy");
        Map<String, Object> env = (Map<String, Object>) hub.get("environment");
        assertThat(env.keySet()).containsAll(hubEnvironmentVariables());
        assertThat((String) env.get("SPRING_DATASOURCE_URL")).isEqualTo("jdbc:postgresql://postgres:5432/hub");
        assertThat(Files.exists(Path.of("Dockerfile"))).isTrue();
    }

    /**
     * docker compose up --scale hub=N: replicas without a host port behind the nginx proxy WooCommerce delivers to,
     * each with a health check, all reading the same routes/ and mappings/.
     */
    @Test
    @SuppressWarnings("unchecked")
    void hubReplicasRunBehindAnNginxProxyWithHealthChecks() throws Exception {
        Map<String, Object> services = (Map<String, Object>) ((Map<String, Object>) new Yaml()
                .load(Files.readString(Path.of("docker-compose.yml")))).get("services");
        Map<String, Object> hub = (Map<String, Object>) services.get("hub");
        // a published host port or a fixed container name would stop a second replica from starting
        assertThat(hub).doesNotContainKeys("ports", "container_name");
        assertThat((List<String>) hub.get("expose")).contains("8080");
        assertThat((List<String>) ((Map<String, Object>) hub.get("healthcheck")).get("test"))
                .anyMatch(t -> t.contains("http://127.0.0.1:8080/actuator/health"));
        assertThat((List<String>) hub.get("volumes")).contains("./routes:/app/routes", "./mappings:/app/mappings");
        assertThat(((Map<String, Object>) hub.get("environment")).get("SERVER_FORWARD_HEADERS_STRATEGY"))
                .isEqualTo("native");

        Map<String, Object> proxy = (Map<String, Object>) services.get("proxy");
        assertThat((String) proxy.get("image")).startsWith("nginx:");
        assertThat((List<String>) proxy.get("ports")).anyMatch(p -> p.endsWith(":80"));
        assertThat((Map<String, Object>) ((Map<String, Object>) proxy.get("depends_on")).get("hub"))
                .containsEntry("condition", "service_healthy");
        assertThat((List<String>) ((Map<String, Object>) proxy.get("healthcheck")).get("test"))
                .anyMatch(t -> t.contains("/nginx-health"));
        String mount = ((List<String>) proxy.get("volumes")).stream()
                .filter(v -> v.endsWith(":/etc/nginx/conf.d/default.conf:ro")).findFirst().orElseThrow();
        String conf = Files.readString(Path.of(mount.substring(0, mount.indexOf(':'))));
        // every replica, found again through Docker's DNS as replicas come and go
        assertThat(conf).contains("resolver 127.0.0.11").contains("server hub:8080 resolve;")
                .contains("proxy_pass http://hubs;").contains("location = /nginx-health")
                .contains("X-Forwarded-For").contains("proxy_next_upstream");
    }

    private static List<String> hubEnvironmentVariables() throws Exception {
        String yml = Files.readString(Path.of("src/main/resources/application.yml"));
        Matcher m = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]+)[:}]").matcher(yml);
        List<String> names = m.results().map(r -> r.group(1)).distinct()
                // Chosen for the container by the image layout, not by the operator.
                .filter(n -> !n.equals("HUB_EMBEDDED_DB_DIR") && !n.equals("HUB_ROUTES_DIR"))
                .toList();
        assertThat(names).contains("WOOCOMMERCE_SITE_URL", "NXT_API_TOKEN", "HUB_ADMIN_PASSWORD", "API_BASE_URL");
        return names;
    }
}
