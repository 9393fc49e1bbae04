package com.nxtnd.hub.store;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The dead letter store (wc_error_log): what failed, where, with the original message to replay. */
@Repository
public class ErrorLogRepository {

    private final JdbcTemplate jdbc;

    public ErrorLogRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record NewError(String system, String errorType, String routeId, String endpointUri, String entityType,
                           String entityRef, String message, String stackTrace, byte[] originalBody,
                           String originalHeadersJson, int attempts) {
    }

    public long record(NewError e) {
        return jdbc.queryForObject("""
                insert into wc_error_log (system, error_type, route_id, endpoint_uri, entity_type, entity_ref, message,
                    stack_trace, original_body, original_headers, attempts)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), ?) returning id
                """, Long.class, e.system(), e.errorType(), e.routeId(), e.endpointUri(), e.entityType(), e.entityRef(),
                truncate(e.message(), 4000), truncate(e.stackTrace(), 16000), e.originalBody(),
                e.originalHeadersJson(), e.attempts());
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
