package com.nxtnd.hub.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.nxtnd.hub.monitor.AlertEvaluator;
import com.nxtnd.hub.monitor.MetricsSnapshots;
import com.nxtnd.hub.monitor.StoreMetrics;
import com.nxtnd.hub.recovery.CredentialProbe;
import com.nxtnd.hub.reconcile.ReconcileReport;
import com.nxtnd.hub.reconcile.ReconcileRequest;
import com.nxtnd.hub.reconcile.ReconcileRun;
import com.nxtnd.hub.reconcile.Reconciler;
import com.nxtnd.hub.recovery.DeadLetterStore;
import com.nxtnd.hub.sync.SyncJobRunner;
import com.nxtnd.hub.sync.SyncService;
import com.nxtnd.hub.webhook.WebhookHealth;
import com.nxtnd.hub.webhook.WebhookRegistrar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The route files of routes/ as they ship, each in a Camel context of its own with its step beans mocked: the
 * trigger, the steps and the shared dead letter channel, without the hub around them (HubIntegrationTest's drills
 * cover that). Timers are either left as they are, with their placeholders set short, or replaced by AdviceWith.
 */
class FlowRoutesTest {

    private final DefaultCamelContext camel = new DefaultCamelContext();
    /** What route dead-letter's step received: the failed route and the attempts made. */
    private final List<String> deadLettered = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        camel.getPropertiesComponent().addInitialProperty("hub.errors.max-redeliveries", "1");
        camel.getPropertiesComponent().addInitialProperty("hub.errors.redelivery-delay", "10");
        camel.getRegistry().bind("deadLetterStore", (Processor) e -> deadLettered.add(
                e.getProperty(Exchange.FAILURE_ROUTE_ID) + " after " + e.getProperty("hubFailedAttempts") + " attempts"));
        camel.getRegistry().bind("deadLetterAttempts", new DeadLetterStore.AttemptCounter());
        load("dead-letter.camel.yaml");
    }

    @AfterEach
    void tearDown() throws Exception {
        camel.close();
    }

    @Test
    void monitoringSnapshotCallsItsBeansInOrderOnItsInterval() throws Exception {
        StoreMetrics metrics = bind("storeMetrics", StoreMetrics.class);
        MetricsSnapshots snapshots = bind("metricsSnapshots", MetricsSnapshots.class);
        AlertEvaluator alerts = bind("alertEvaluator", AlertEvaluator.class);
        camel.getPropertiesComponent().addInitialProperty("hub.monitoring.first-snapshot-delay", "0");
        camel.getPropertiesComponent().addInitialProperty("hub.monitoring.metrics-interval", "50ms");
        load("monitoring.camel.yaml");
        NotifyBuilder twice = new NotifyBuilder(camel).fromRoute("monitoring-snapshot").whenCompleted(2).create();
        camel.start();

        assertThat(twice.matches(10, TimeUnit.SECONDS)).as("two snapshots 50 ms apart").isTrue();
        var order = inOrder(metrics, snapshots, alerts);
        order.verify(metrics).refresh();
        order.verify(snapshots).take(false);
        order.verify(alerts).evaluate();
        assertThat(deadLettered).isEmpty();
    }

    @Test
    void aFailureInsideAFlowIsRetriedThenKeptUnderThatRoutesId() throws Exception {
        bind("storeMetrics", StoreMetrics.class);
        MetricsSnapshots snapshots = bind("metricsSnapshots", MetricsSnapshots.class);
        AlertEvaluator alerts = bind("alertEvaluator", AlertEvaluator.class);
        when(snapshots.take(anyBoolean())).thenThrow(new IllegalStateException("wc_monitoring_metrics is gone"));
        load("monitoring.camel.yaml");
        AdviceWith.adviceWith(camel, "monitoring-snapshot", a -> a.replaceFromWith("direct:snapshot"));
        AdviceWith.adviceWith(camel, "dead-letter", a -> a.weaveAddLast().to("mock:dead-letter"));
        camel.start();
        MockEndpoint dead = camel.getEndpoint("mock:dead-letter", MockEndpoint.class);
        dead.expectedMessageCount(1);
        dead.expectedPropertyReceived(Exchange.FAILURE_ROUTE_ID, "monitoring-snapshot");
        dead.expectedBodiesReceived("tick");

        camel.createProducerTemplate().sendBody("direct:snapshot", "tick");

        dead.assertIsSatisfied();
        // hub.errors.max-redeliveries=1: the first attempt and one retry, then the store
        assertThat(deadLettered).containsExactly("monitoring-snapshot after 2 attempts");
        verify(snapshots, times(2)).take(false);
        verify(alerts, never()).evaluate();
    }

    @Test
    void peerBreakersSetsBothPeersBreakersOnceWhenTheFileLoads() throws Exception {
        com.nxtnd.hub.peer.PeerBreakers breakers = bind("peerBreakers", com.nxtnd.hub.peer.PeerBreakers.class);
        camel.getPropertiesComponent().addInitialProperty("hub.peers.nxt.minimum-calls", "5");
        load("peer-breakers.camel.yaml");
        NotifyBuilder once = new NotifyBuilder(camel).fromRoute("peer-breakers").whenCompleted(1).create();
        camel.start();

        assertThat(once.matches(10, TimeUnit.SECONDS)).isTrue();
        // unset settings take the defaults written in the file (as peer.PeerSettings), a set one its value
        verify(breakers).configure("woo", "50", "20", "10", "30s", "3");
        verify(breakers).configure("nxt", "50", "20", "5", "30s", "3");
        assertThat(deadLettered).isEmpty();
    }

    @Test
    void webhookHealthChecksTheStoresWebhooks() throws Exception {
        WebhookHealth health = bind("webhookHealth", WebhookHealth.class);
        WebhookHealth.Report report = new WebhookHealth.Report(List.of(), java.util.Map.of(), List.of());
        when(health.check()).thenReturn(report);
        load("webhook-health.camel.yaml");
        AdviceWith.adviceWith(camel, "webhook-health", a -> {
            a.replaceFromWith("direct:health");
            a.weaveAddLast().to("mock:checked");
        });
        camel.start();
        MockEndpoint checked = camel.getEndpoint("mock:checked", MockEndpoint.class);
        checked.expectedBodiesReceived(report);

        camel.createProducerTemplate().sendBody("direct:health", null);

        checked.assertIsSatisfied();
        assertThat(camel.getCamelContextExtension().getContextPlugin(org.apache.camel.model.Model.class)
                .getRouteConfigurationDefinition("dead-letter")).isNotNull();
    }

    @Test
    void syncJobsPollsTheQueueAndTheHeartbeatBeats() throws Exception {
        SyncJobRunner runner = bind("syncJobRunner", SyncJobRunner.class);
        camel.getPropertiesComponent().addInitialProperty("hub.jobs.poll-delay", "20");
        load("sync-jobs.camel.yaml");
        AdviceWith.adviceWith(camel, "sync-jobs", a -> a.replaceFromWith("scheduler:sync-jobs-test?initialDelay=0&delay={{hub.jobs.poll-delay}}"));
        AdviceWith.adviceWith(camel, "sync-job-heartbeat", a -> a.replaceFromWith("direct:beat"));
        NotifyBuilder polled = new NotifyBuilder(camel).fromRoute("sync-jobs").whenCompleted(3).create();
        camel.start();

        assertThat(polled.matches(10, TimeUnit.SECONDS)).isTrue();
        verify(runner, atLeast(3)).takeJobs();
        verify(runner, never()).heartbeat();
        camel.createProducerTemplate().sendBody("direct:beat", null);
        verify(runner).heartbeat();
    }

    @Test
    void credentialsProbeTicksOnItsPlaceholder() throws Exception {
        CredentialProbe probe = bind("credentialProbe", CredentialProbe.class);
        camel.getPropertiesComponent().addInitialProperty("hub.peers.credential-probe-tick", "20ms");
        load("credentials-probe.camel.yaml");
        // the shipped first delay is 5 s; the tick itself is what is under test
        AdviceWith.adviceWith(camel, "credentials-probe",
                a -> a.replaceFromWith("timer:credentials-probe?period={{hub.peers.credential-probe-tick}}"));
        NotifyBuilder ticked = new NotifyBuilder(camel).fromRoute("credentials-probe").whenCompleted(3).create();
        camel.start();

        assertThat(ticked.matches(10, TimeUnit.SECONDS)).isTrue();
        verify(probe, atLeast(3)).probe();
    }

    @Test
    void webhookRegistrationRunsOnceThroughTheRegistrar() throws Exception {
        WebhookRegistrar registrar = bind("webhookRegistrar", WebhookRegistrar.class);
        // the intake routes of the same file need platform-http (the full hub, WebhookIntakeTest): only this one runs
        load("webhook-intake.camel.yaml");
        for (String id : List.of("webhook-intake", "webhook-intake-product", "webhook-intake-customer",
                "webhook-intake-order")) {
            camel.getCamelContextExtension().getContextPlugin(Model.class)
                    .removeRouteDefinition(camel.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinition(id));
        }
        NotifyBuilder once = new NotifyBuilder(camel).fromRoute("webhook-registration").whenCompleted(1).create();
        camel.start();

        assertThat(once.matches(10, TimeUnit.SECONDS)).isTrue();
        verify(registrar).registerWithTheSandbox();
    }

    @Test
    void reconcileRunsItsStepsInOrderAndAnswersWithTheReport() throws Exception {
        Reconciler reconciler = bind("reconciler", Reconciler.class);
        ReconcileRun run = mock(ReconcileRun.class);
        ReconcileReport report = mock(ReconcileReport.class);
        ReconcileRequest request = new ReconcileRequest(true, List.of("product"));
        when(reconciler.begin(request, "30s", "30s")).thenReturn(run);
        when(reconciler.wooSide(run, "product")).thenReturn(run);
        when(reconciler.nxtSide(run, "product")).thenReturn(run);
        when(reconciler.unseen(run, "product")).thenReturn(run);
        when(reconciler.wooSide(run, "customer")).thenReturn(run);
        when(reconciler.nxtSide(run, "customer")).thenReturn(run);
        when(reconciler.unseen(run, "customer")).thenReturn(run);
        when(reconciler.finish(run)).thenReturn(report);
        load("reconcile.camel.yaml");
        camel.start();

        Object answer = camel.createProducerTemplate().requestBody("direct:reconcile", request);

        assertThat(answer).isSameAs(report);
        var order = inOrder(reconciler);
        order.verify(reconciler).begin(request, "30s", "30s");
        order.verify(reconciler).wooSide(run, "product");
        order.verify(reconciler).nxtSide(run, "product");
        order.verify(reconciler).unseen(run, "product");
        order.verify(reconciler).wooSide(run, "customer");
        order.verify(reconciler).nxtSide(run, "customer");
        order.verify(reconciler).unseen(run, "customer");
        order.verify(reconciler).finish(run);
        assertThat(deadLettered).isEmpty();
    }

    @Test
    void reconcileThatFailsOutsideAStepIsRetriedThenKeptForReplay() throws Exception {
        Reconciler reconciler = bind("reconciler", Reconciler.class);
        when(reconciler.begin(org.mockito.ArgumentMatchers.any(), org.mockito.ArgumentMatchers.any(),
                org.mockito.ArgumentMatchers.any())).thenThrow(new IllegalStateException("database away"));
        load("reconcile.camel.yaml");
        camel.start();

        Exchange done = camel.createProducerTemplate().send("direct:reconcile",
                e -> e.getMessage().setBody(new ReconcileRequest(false, null)));

        assertThat(deadLettered).containsExactly("reconcile after 2 attempts");
        assertThat(done.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class)).hasMessage("database away");
        assertThat(done.getMessage().getBody()).as("the original request, kept for the replay")
                .isInstanceOf(ReconcileRequest.class);
        verify(reconciler, never()).finish(org.mockito.ArgumentMatchers.any());
    }

    @Test
    void aScheduleWhoseRunCannotStartIsKeptForReplay() throws Exception {
        SyncService sync = bind("syncService", SyncService.class);
        when(sync.incremental("pull")).thenThrow(new IllegalStateException("no session table"));
        camel.getPropertiesComponent().addInitialProperty("hub.schedules.enabled", "false"); // no cron firing here
        load("sync-schedules.camel.yaml");
        AdviceWith.adviceWith(camel, "schedule-incremental-pull", a -> a.replaceFromWith("direct:pull-now"));
        camel.start();
        camel.getRouteController().startRoute("schedule-incremental-pull");

        camel.createProducerTemplate().sendBody("direct:pull-now", null);

        verify(sync, times(2)).incremental("pull");
        assertThat(deadLettered).containsExactly("schedule-incremental-pull after 2 attempts");
    }

    /**
     * One error handling for all: every route of routes/ takes the dead-letter configuration, except those whose
     * file gives them a failure handling of their own (and says why).
     */
    @Test
    void everyRouteInRoutesUsesTheDeadLetterChannelOrSaysWhyNot() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                if (!file.getFileName().toString().equals("dead-letter.camel.yaml")) {
                    load(file.getFileName().toString());
                }
            }
        }
        List<String> without = new ArrayList<>();
        for (RouteDefinition route : camel.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinitions()) {
            if (!"dead-letter".equals(route.getRouteConfigurationId())) {
                without.add(route.getRouteId());
            }
        }
        assertThat(without).allMatch(id -> OWN_FAILURE_HANDLING.contains(id) || SYNC_RUNS.contains(id)
                || POLLERS.contains(id), "own failure handling, a sync run or a poller");
    }

    /** The intake answers every delivery itself; webhook-event has webhook-event-failures; dead-letter is the end. */
    private static final List<String> OWN_FAILURE_HANDLING = List.of("webhook-intake", "webhook-intake-product",
            "webhook-intake-customer", "webhook-intake-order", "webhook-event", "webhook-event-key", "webhook-batch",
            "dead-letter");
    /**
     * A sync run's routes (pull.camel.yaml, push.camel.yaml): a peer outage must reach SyncService so that the run
     * stops before its checkpoint and is resumed; a handled dead letter would let it complete with pages unwritten.
     * A failed record is stored by the steps under the route's own id and replayed through that route.
     */
    private static final List<String> SYNC_RUNS = List.of("pull-products", "pull-product-batches", "pull-customers",
            "pull-customer-batches", "pull-orders", "sync-push", "push-records", "woo-batch-writer");
    /**
     * The inbox's pollers: what they would hand a dead letter channel is a poll, not a message (the events stay in
     * their table and the next poll, 200 ms on, takes them); a failed event goes to webhook-event-failures.
     */
    private static final List<String> POLLERS = List.of("webhook-inbox", "webhook-inbox-leases");

    private <T> T bind(String name, Class<T> type) {
        T bean = mock(type);
        camel.getRegistry().bind(name, bean);
        return bean;
    }

    private void load(String file) throws Exception {
        PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.resolveResource(camel, "file:routes/" + file));
    }
}
