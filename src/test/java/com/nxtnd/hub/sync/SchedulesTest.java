package com.nxtnd.hub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.nxtnd.hub.HubIntegrationTest;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The YAML schedules run on Quartz's clustered JDBC job store in the hub's PostgreSQL. */
class SchedulesTest extends HubIntegrationTest {

    @Autowired
    CamelContext camel;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aScheduleStartedFromTheYamlRoutesIsAClusteredQuartzTriggerInPostgres() throws Exception {
        assertThat(camel.getRoute("schedule-inventory-reconcile")).isNotNull();
        assertThat(camel.getRouteController().getRouteStatus("schedule-inventory-reconcile"))
                .isEqualTo(ServiceStatus.Stopped); // HUB_SCHEDULES_ENABLED=false in tests
        camel.getRouteController().startRoute("schedule-inventory-reconcile");
        try {
            String cron = jdbc.queryForObject("select c.cron_expression from qrtz_cron_triggers c join qrtz_triggers t "
                    + "on t.sched_name = c.sched_name and t.trigger_name = c.trigger_name "
                    + "where t.trigger_name = 'inventory-reconcile'", String.class);
            assertThat(cron).isEqualTo("0 15 * * * ?");
            // this hub's scheduler checks in to the cluster (other test contexts' hubs may be there beside it)
            String instance = camel.getComponent("quartz", org.apache.camel.component.quartz.QuartzComponent.class)
                    .getScheduler().getSchedulerInstanceId();
            assertThat(jdbc.queryForObject("select count(*) from qrtz_scheduler_state where sched_name = 'woo-nxt-hub' "
                    + "and instance_name = ?", Long.class, instance)).isEqualTo(1L);
        } finally {
            camel.getRouteController().stopRoute("schedule-inventory-reconcile");
        }
    }
}
