package com.nxtnd.hub.peer;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/** The JDK HTTP client both peers are spoken to with, and how its I/O failures are named. */
public final class Transport {

    public static final String USER_AGENT = "woo-nxt-hub/0.1";

    private Transport() {
    }

    /** HTTP/1.1: an h2c upgrade attempt on a POST confuses some PHP hosts and proxies. */
    public static HttpClient newClient(Duration connectTimeout) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** {@link PeerApiException#CONNECT_FAILED} when the request never left, else timeout or io_error. */
    public static String failureCode(IOException e) {
        Throwable t = e;
        while (t != null) {
            if (t instanceof HttpConnectTimeoutException || t instanceof ConnectException
                    || t instanceof UnknownHostException || t instanceof NoRouteToHostException) {
                return PeerApiException.CONNECT_FAILED;
            }
            t = t.getCause();
        }
        return e instanceof HttpTimeoutException ? "timeout" : "io_error";
    }

    /** A short description of an I/O failure, without the URL (which may carry query credentials). */
    public static String describe(IOException e) {
        return e.getClass().getSimpleName();
    }
}
