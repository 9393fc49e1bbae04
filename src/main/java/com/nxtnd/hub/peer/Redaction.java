package com.nxtnd.hub.peer;

/** Removes credentials from text headed for an exception message or a log line. */
public final class Redaction {

    private Redaction() {
    }

    public static String redact(String text, String... secrets) {
        if (text == null) {
            return null;
        }
        String clean = text;
        for (String secret : secrets) {
            if (secret != null && secret.length() >= 4) {
                clean = clean.replace(secret, "****");
            }
        }
        return clean;
    }
}
