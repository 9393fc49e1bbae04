package com.nxtnd.hub.api;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** The operator login for the admin API, actuator, Hawtio and the dashboard (HUB_ADMIN_USER / HUB_ADMIN_PASSWORD). */
@ConfigurationProperties("hub.admin")
public record AdminProperties(@DefaultValue("admin") String user, String password,
                              /** failed logins from one address before it is refused for the window */
                              @DefaultValue("10") int maxFailedLogins,
                              @DefaultValue("5m") java.time.Duration failedLoginWindow) {
}
