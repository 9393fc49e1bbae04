package com.nxtnd.hub.webhook;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Field;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deliveries being read, per source address, capped: a sender that opens hundreds of connections and trickles their
 * bodies (issue 17: 230 of them held every Tomcat worker, health included) gets at most {@code max} threads; the rest
 * are answered 429 at once. An answered-early request's connection is closed without reading the rest of its body:
 * Tomcat would otherwise read ("swallow") it after the answer, holding the thread as long as the sender trickles.
 */
final class SlowSenders {

    private static final Logger log = LoggerFactory.getLogger(SlowSenders.class);

    private final int max;
    private final ConcurrentHashMap<String, AtomicInteger> reading = new ConcurrentHashMap<>();

    SlowSenders(int max) {
        this.max = max;
    }

    /** Counts one more body being read from {@code ip}; false (and nothing counted) when it has {@code max} already. */
    boolean startReading(String ip) {
        AtomicInteger count = reading.computeIfAbsent(ip, k -> new AtomicInteger());
        if (count.incrementAndGet() > max) {
            doneReading(ip);
            return false;
        }
        return true;
    }

    void doneReading(String ip) {
        reading.computeIfPresent(ip, (k, count) -> count.decrementAndGet() <= 0 ? null : count);
    }

    /**
     * Once answered (with Connection: close), close the connection without draining the body. Servlet has no call for
     * it, so Tomcat's own request is asked (the action it takes for a refused upload); elsewhere nothing more is done.
     */
    static void dropConnection(ServletRequest request, HttpServletResponse response) {
        ServletRequest inner = request;
        while (inner instanceof ServletRequestWrapper wrapper) {
            inner = wrapper.getRequest();
        }
        if (inner instanceof org.apache.catalina.connector.RequestFacade facade) {
            try {
                Field field = org.apache.catalina.connector.RequestFacade.class.getDeclaredField("request");
                field.setAccessible(true);
                org.apache.catalina.connector.Request tomcat = (org.apache.catalina.connector.Request) field.get(facade);
                tomcat.getCoyoteRequest().action(org.apache.coyote.ActionCode.DISABLE_SWALLOW_INPUT, null);
            } catch (ReflectiveOperationException | RuntimeException e) {
                log.debug("Could not stop Tomcat reading the rest of a refused delivery: {}", e.toString());
            }
        }
    }
}
