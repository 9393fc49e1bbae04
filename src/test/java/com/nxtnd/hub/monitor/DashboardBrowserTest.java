package com.nxtnd.hub.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.springframework.util.FileSystemUtils;

/**
 * The dashboard in a real headless Chromium (Debian chromium + chromium-driver): it loads behind the login, shows
 * the figures the API gives, and a conflict resolved from the page is resolved in the store. Skipped only when
 * Chromium is not installed outside CI; in CI ({@code CI=true}, where .ci/run installs it) a missing browser fails.
 */
class DashboardBrowserTest extends MonitorTestSupport {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    ChromeDriver driver;
    ChromeDriverService service;
    Path profile;

    @BeforeEach
    void startChromium() throws IOException {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed) {
            String message = "Chromium not installed (" + CHROMIUM + ", " + CHROMEDRIVER
                    + "): apt-get install -y chromium chromium-driver (.ci/run does so in CI)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(message);
            }
            Assumptions.abort(message);
        }
        profile = Files.createTempDirectory("hub-dashboard-chromium");
        // The driver and the browser are given explicitly, so Selenium Manager has nothing to look up or download.
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .withLogFile(new File(profile.toFile(), "chromedriver.log")).build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1400,2000", "--user-data-dir=" + profile.resolve("user-data"));
        driver = new ChromeDriver(service, options);
        // The admin login on every request the page makes (the page, its scripts, its fetch() calls).
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Authorization", ADMIN)));
    }

    @AfterEach
    void stopChromium() {
        if (driver != null) {
            driver.quit();
        }
        if (service != null) {
            service.stop();
        }
        if (profile != null) {
            FileSystemUtils.deleteRecursively(profile.toFile());
        }
    }

    int loads() {
        return Integer.parseInt(driver.findElement(By.tagName("body")).getDomAttribute("data-loads"));
    }

    String field(String name) {
        return driver.findElement(By.cssSelector("[data-field='" + name + "']")).getDomAttribute("data-value");
    }

    /** Clicks "Refresh now" and waits for the page to have rendered the figures again. */
    void refresh() {
        int before = loads();
        driver.findElement(By.id("refresh")).click();
        await().atMost(Duration.ofSeconds(20)).until(() -> loads() > before);
    }

    @Test
    void dashboardShowsTheApiFiguresAndResolvesAConflict() throws Exception {
        // real data: products pulled from the WooCommerce sandbox (mappings for products that exist on both sides)
        assertThat(post("/api/woocommerce/sync/full", "{\"direction\":\"pull\",\"entityTypes\":[\"product\"]}").statusCode())
                .isEqualTo(200);
        Map<String, Object> mapping = jdbc.queryForMap("select id, woo_id, nxt_id, base_snapshot ->> 'name' as name "
                + "from wc_entity_mapping where entity_type = 'product' and woo_id is not null and nxt_id is not null "
                + "and woo_parent_id is null order by id limit 1");
        long conflict = jdbc.queryForObject("""
                insert into wc_sync_conflicts (entity_type, mapping_id, woo_id, nxt_id, conflict_type, fields, base_values,
                    woo_values, nxt_values, woo_modified_at, nxt_modified_at, detail, source, strategy, status)
                values ('product', ?, ?, ?, 'field_conflict', '{name}', cast(? as jsonb), cast(? as jsonb), cast(? as jsonb),
                        now() - interval '1 minute', now(), 'both sides renamed the product', 'webhook', 'manual', 'pending')
                returning id""", Long.class, mapping.get("id"), mapping.get("woo_id"), mapping.get("nxt_id"),
                json.writeValueAsString(Map.of("name", String.valueOf(mapping.get("name")))),
                json.writeValueAsString(Map.of("name", "Name chosen in WooCommerce")),
                json.writeValueAsString(Map.of("name", "Name chosen in NXT-ND")));

        driver.get(baseUrl() + "/dashboard");
        await().atMost(Duration.ofSeconds(30)).until(() -> loads() >= 1);
        assertThat(driver.getTitle()).startsWith("Hub dashboard");
        assertThat(driver.findElement(By.id("load-error")).isDisplayed()).isFalse();

        // the figures on the page are the API's (read again until nothing moved in between)
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            refresh();
            JsonNode api = adminJson("/api/woocommerce/dashboard");
            for (String f : new String[] {"sync.sessions", "sync.records.created", "webhooks.received",
                    "webhooks.pending", "webhooks.rejected", "conflicts.pending", "stock.drift", "stock.threshold",
                    "system.errors.total", "system.services.woocommerce", "system.services.nxt", "system.services.database"}) {
                assertThat(field(f)).as(f).isEqualTo(api.at("/" + f.replace('.', '/')).asText());
            }
            assertThat(field("alerts.activeCount")).isEqualTo(String.valueOf(api.get("alerts").get("active").size()));
            assertThat(driver.findElements(By.cssSelector("#alert-list li"))).hasSize(api.get("alerts").get("active").size());
            assertThat(driver.findElements(By.cssSelector("#conflict-table tbody tr")))
                    .hasSize(api.get("conflicts").get("items").size());
        });
        assertThat(Long.parseLong(field("sync.sessions"))).isGreaterThanOrEqualTo(1);
        assertThat(field("system.services.woocommerce")).isEqualTo("up");
        assertThat(driver.findElements(By.cssSelector("#last-sync tbody tr"))).isNotEmpty();
        assertThat(driver.findElements(By.cssSelector(".chart svg"))).hasSizeGreaterThanOrEqualTo(6);

        // resolve the conflict from its row: keep NXT-ND's value
        WebElement row = driver.findElement(By.cssSelector("#conflict-table tr[data-conflict-id='" + conflict + "']"));
        assertThat(row.getText()).contains("Name chosen in WooCommerce", "Name chosen in NXT-ND");
        row.findElement(By.cssSelector("button.resolve[data-resolution='nxt']")).click();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(driver.findElement(By.id("message")).getText()).contains("Conflict " + conflict + " resolved");
            assertThat(driver.findElements(By.cssSelector("#conflict-table tr[data-conflict-id='" + conflict + "']"))).isEmpty();
        });
        assertThat(jdbc.queryForObject("select status from wc_sync_conflicts where id = ?", String.class, conflict))
                .isEqualTo("resolved");
        assertThat(jdbc.queryForObject("select resolution from wc_sync_conflicts where id = ?", String.class, conflict))
                .isEqualTo("nxt");
        assertThat(field("conflicts.pending")).isEqualTo(adminJson("/api/woocommerce/dashboard").at("/conflicts/pending").asText());
    }
}
