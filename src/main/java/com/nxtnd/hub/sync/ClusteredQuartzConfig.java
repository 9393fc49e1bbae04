package com.nxtnd.hub.sync;

import java.util.Properties;
import javax.sql.DataSource;
import org.apache.camel.component.quartz.QuartzComponent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.quartz.SchedulerFactoryBean;

/**
 * The schedules in routes/sync-schedules.camel.yaml run on Quartz with its JDBC job store in the hub's PostgreSQL
 * (tables from Flyway), clustered: with several hub instances each firing runs on exactly one of them.
 */
@Configuration(proxyBeanMethods = false)
public class ClusteredQuartzConfig {

    @Bean
    SchedulerFactoryBean hubQuartzScheduler(DataSource dataSource) {
        SchedulerFactoryBean factory = new SchedulerFactoryBean();
        factory.setDataSource(dataSource);
        factory.setSchedulerName("woo-nxt-hub");
        Properties quartz = new Properties();
        quartz.setProperty("org.quartz.scheduler.instanceId", "AUTO");
        quartz.setProperty("org.quartz.jobStore.isClustered", "true");
        quartz.setProperty("org.quartz.jobStore.clusterCheckinInterval", "10000");
        quartz.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        quartz.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        quartz.setProperty("org.quartz.threadPool.threadCount", "4");
        factory.setQuartzProperties(quartz);
        factory.setOverwriteExistingJobs(true);
        factory.setWaitForJobsToCompleteOnShutdown(false);
        // Camel's quartz component starts it once the CamelContext runs: a trigger that misfired while the hub was
        // down would otherwise fire before the context exists ("No CamelContext could be found")
        factory.setAutoStartup(false);
        return factory;
    }

    /** Camel's quartz component on that scheduler. */
    @Bean("quartz")
    QuartzComponent quartzComponent(org.quartz.Scheduler hubQuartzScheduler) {
        QuartzComponent quartz = new QuartzComponent();
        quartz.setScheduler(hubQuartzScheduler);
        quartz.setAutoStartScheduler(true);
        return quartz;
    }
}
