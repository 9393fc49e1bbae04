package com.nxtnd.hub.mapping;

import com.nxtnd.hub.sync.PermanentFailure;

/** A mapping that cannot produce a record; the message names the mapping file and the field. */
public class MappingException extends RuntimeException implements PermanentFailure {

    private final String file;
    private final String field;

    public MappingException(String file, String field, String message, Throwable cause) {
        super(file + (field == null ? "" : ": field '" + field + "'") + ": " + message, cause);
        this.file = file;
        this.field = field;
    }

    public String file() {
        return file;
    }

    public String field() {
        return field;
    }
}
