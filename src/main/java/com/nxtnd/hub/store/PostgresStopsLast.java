package com.nxtnd.hub.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;

/**
 * The embedded PostgreSQL stops last. zonky registers a JVM shutdown hook that stops PostgreSQL the moment the JVM
 * is asked to exit, side by side with Spring's own hook: on SIGTERM the database went first and the inbox's
 * in-flight events could neither finish nor be released (Camel waited out its 45 s for them). zonky's instance is
 * marked closed here so that its hook does nothing, and marked open again when Spring destroys this bean, which
 * comes before the EmbeddedPostgres bean is destroyed (and closed for real) after everything using the database.
 * A hook of our own closes PostgreSQL when no Spring close began (a JVM that exits without closing the context).
 */
public class PostgresStopsLast implements DisposableBean, ApplicationListener<ContextClosedEvent> {

    private static final Logger log = LoggerFactory.getLogger(PostgresStopsLast.class);

    private final EmbeddedPostgres postgres;
    private final AtomicBoolean closed;
    private volatile boolean springClosing;
    private volatile boolean released;

    public PostgresStopsLast(EmbeddedPostgres postgres) {
        this.postgres = postgres;
        AtomicBoolean flag = null;
        try {
            Field f = EmbeddedPostgres.class.getDeclaredField("closed");
            f.setAccessible(true);
            flag = (AtomicBoolean) f.get(postgres);
            flag.set(true);
            Runtime.getRuntime().addShutdownHook(new Thread(this::atExit, "postgres-stops-last"));
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("Could not hold back zonky's shutdown hook; PostgreSQL may stop before the hub: {}", e.toString());
        }
        this.closed = flag;
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        springClosing = true;
    }

    @Override
    public void destroy() {
        closed.set(false); // the EmbeddedPostgres bean's close() now stops it
        released = true;
    }

    /** At JVM exit: leave PostgreSQL to Spring's close when one runs (bounded), else stop it now. */
    private void atExit() {
        try {
            long deadline = System.currentTimeMillis() + 1000;
            while (!springClosing && System.currentTimeMillis() < deadline) {
                Thread.sleep(20); // Spring's hook runs beside this one: give it a moment to begin
            }
            if (springClosing) {
                deadline = System.currentTimeMillis() + 30_000;
                while (!released && System.currentTimeMillis() < deadline) {
                    Thread.sleep(50); // Spring has not reached the database yet
                }
                Thread.sleep(500); // then the EmbeddedPostgres bean closes it
            }
            if (!released) {
                closed.set(false);
            }
            postgres.close(); // does nothing when it is closed already
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.warn("Stopping the embedded PostgreSQL at exit: {}", e.toString());
        }
    }
}
