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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.util.FileSystemUtils;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nxtnd.hub.nxt.NxtClient;
import com.nxtnd.hub.sandbox.woo.WooSandboxStore;
import org.apache.camel.CamelContext;

/**
 * The dashboard in a real headless Chromium (Debian chromium + chromium-driver): it loads behind the login, shows
 * the figures the API gives, and a conflict resolved from the page is resolved in the store. Skipped only when
 * Chromium is not installed outside CI; in CI ({@code CI=true}, where .ci/run installs it) a missing browser fails.
 */
class DashboardBrowserTest extends MonitorTestSupport {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @Autowired
    CamelContext camel;
    @Autowired
    WooSandboxStore wooStore;
    @Autowired
    NxtClient nxt;
    @Autowired
    ObjectMapper mapper;

    ChromeDriver driver;
    ChromeDriverService service;
    Path profile;

    /** Before the application starts: without a browser the whole class is skipped, and says so on the console. */
    @BeforeAll
    static void chromiumInstalled() {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed) {
            String message = "Chromium not installed (" + CHROMIUM + ", " + CHROMEDRIVER
                    + "): apt-get install -y chromium chromium-driver (.ci/run does so in CI)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(message);
            }
            System.err.println("SKIPPED DashboardBrowserTest (the dashboard in a real browser): " + message);
            Assumptions.abort(message);
        }
    }

    @BeforeEach
    void startChromium() throws IOException {
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

    /**
     * A real conflict held for a person: customers are resolved manually in the test hub, so the same customer
     * renamed on both sides while the inbox is paused is kept pending (as in conflict.ConflictFlowTest).
     */
    long manualConflict() throws Exception {
        assertThat(post("/api/woocommerce/sync/full", "{\"direction\":\"both\",\"entityTypes\":[\"customer\"]}")
                .statusCode()).isEqualTo(200);
        awaitInboxDrained();
        Map<String, Object> pair = jdbc.queryForMap("select id, woo_id, nxt_id from wc_entity_mapping "
                + "where entity_type = 'customer' and woo_id is not null and nxt_id is not null and sync_status = 'synced' "
                + "order by id offset 20 limit 1");
        long mappingId = ((Number) pair.get("id")).longValue();
        camel.getRouteController().stopRoute("webhook-inbox");
        try {
            wooStore.updateCustomer(((Number) pair.get("woo_id")).longValue(),
                    mapper.createObjectNode().put("first_name", "Wilma-" + mappingId));
            nxt.update("customers", (String) pair.get("nxt_id"),
                    mapper.createObjectNode().put("firstName", "Nora-" + mappingId), null, null);
        } finally {
            camel.getRouteController().startRoute("webhook-inbox");
        }
        awaitInboxDrained();
        return await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForList(
                "select id from wc_sync_conflicts where mapping_id = ? and status = 'pending'", Long.class, mappingId),
                ids -> !ids.isEmpty()).get(0);
    }

    /** Customer events only: another test's event waiting for a peer must not hold this one up. */
    void awaitInboxDrained() {
        await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ofMillis(200)).until(() -> jdbc.queryForObject(
                "select count(*) from wc_webhook_events where resource = 'customer' and status in ('pending', 'processing')",
                Long.class) == 0);
    }

    @Test
    void dashboardShowsTheApiFiguresAndResolvesAConflict() throws Exception {
        long conflict = manualConflict();

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
        assertThat(row.getText()).contains("Wilma-", "Nora-");
        String nxtName = jdbc.queryForObject("select nxt_values ->> 'firstName' from wc_sync_conflicts where id = ?",
                String.class, conflict);
        row.findElement(By.cssSelector("button.resolve[data-resolution='nxt']")).click();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(driver.findElement(By.id("message")).getText()).contains("Conflict " + conflict + " resolved");
            assertThat(driver.findElements(By.cssSelector("#conflict-table tr[data-conflict-id='" + conflict + "']"))).isEmpty();
        });
        assertThat(jdbc.queryForObject("select status from wc_sync_conflicts where id = ?", String.class, conflict))
                .isEqualTo("resolved");
        assertThat(jdbc.queryForObject("select resolution from wc_sync_conflicts where id = ?", String.class, conflict))
                .isEqualTo("nxt");
        long wooId = jdbc.queryForObject("select woo_id from wc_sync_conflicts where id = ?", Long.class, conflict);
        assertThat(nxtName).startsWith("Nora-"); // NXT-ND's value now on both sides
        assertThat(wooStore.get("customers", wooId).orElseThrow().path("first_name").asText()).isEqualTo(nxtName);
        assertThat(field("conflicts.pending")).isEqualTo(adminJson("/api/woocommerce/dashboard").at("/conflicts/pending").asText());
    }

    @Test
    void dashboardShowsTheLastReconcilesFigures() throws Exception {
        assertThat(post("/api/woocommerce/sync/reconcile", "{\"dryRun\":true,\"entityTypes\":[\"customer\"]}")
                .statusCode()).isEqualTo(200);
        driver.get(baseUrl() + "/dashboard");
        await().atMost(Duration.ofSeconds(30)).until(() -> loads() >= 1);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            refresh();
            JsonNode last = adminJson("/api/woocommerce/sync/reconcile/last");
            assertThat(field("reconcile.dryRun")).isEqualTo(last.path("dryRun").asText());
            for (String f : new String[] {"inStep", "repaired", "createdInNxt", "flagged"}) {
                assertThat(field("reconcile.entities.customer." + f)).as(f)
                        .isEqualTo(last.path("entities").path("customer").path(f).asText());
            }
        });
        assertThat(driver.findElement(By.id("reconcile-table")).getText()).contains("in step", "created in NXT-ND");
    }
}
