package com.nxtnd.hub.monitor;

import com.nxtnd.hub.woo.WooCommerceProperties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * E-mails alerts to WOOCOMMERCE_ADMIN_EMAIL through Spring Boot's mail support, which exists only when
 * {@code spring.mail.host} (SPRING_MAIL_HOST) is set. Sent off the caller's thread, one at a time: a slow or dead
 * mail server never holds up a webhook, a sync run or the alert evaluation, and a failure is logged, not thrown.
 */
@Component
public class AlertMailer implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(AlertMailer.class);

    private final JavaMailSender sender;
    private final String to;
    private final String from;
    private final ExecutorService outbox;

    public AlertMailer(ObjectProvider<JavaMailSender> sender, WooCommerceProperties woo, MonitoringProperties properties) {
        this.sender = sender.getIfAvailable();
        this.to = woo.adminEmail() == null || woo.adminEmail().isBlank() ? null : woo.adminEmail().trim();
        this.from = properties.alertMailFrom();
        this.outbox = enabled() ? Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "alert-mail");
            t.setDaemon(true);
            return t;
        }) : null;
        if (this.sender != null && to == null) {
            log.info("Mail is configured but WOOCOMMERCE_ADMIN_EMAIL is empty: alerts are not e-mailed");
        }
    }

    /** A mail server is configured and there is someone to write to. */
    public boolean enabled() {
        return sender != null && to != null;
    }

    public void send(String subject, String text) {
        if (!enabled()) {
            return;
        }
        SimpleMailMessage mail = new SimpleMailMessage();
        mail.setFrom(from);
        mail.setTo(to);
        mail.setSubject(subject);
        mail.setText(text);
        outbox.execute(() -> {
            try {
                sender.send(mail);
            } catch (MailException e) {
                log.warn("Alert e-mail to {} failed ({}): {}", to, subject, e.getMessage());
            }
        });
    }

    @Override
    public void destroy() {
        if (outbox != null) {
            outbox.shutdown();
        }
    }
}
