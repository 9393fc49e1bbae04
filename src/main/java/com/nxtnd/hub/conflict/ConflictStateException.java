package com.nxtnd.hub.conflict;

import java.util.Map;

/** A conflict that cannot be resolved as asked: already resolved, superseded by a newer edit, or its pair is gone. */
public class ConflictStateException extends RuntimeException {

    private final String code;
    private final Map<String, Object> details;

    public ConflictStateException(String code, String message, Map<String, Object> details) {
        super(message);
        this.code = code;
        this.details = details;
    }

    public String code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }
}
