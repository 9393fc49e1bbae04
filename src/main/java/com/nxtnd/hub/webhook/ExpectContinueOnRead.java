package com.nxtnd.hub.webhook;

import org.springframework.boot.web.embedded.tomcat.TomcatConnectorCustomizer;
import org.springframework.stereotype.Component;

/**
 * Tomcat answers "Expect: 100-continue" only when the body is first read, not before the filters run. WordPress
 * asks for it with bodies of 1 MB and more; a delivery refused from its Content-Length (413) is then answered
 * before the store sends a byte of it, instead of closing on a body half sent.
 */
@Component
class ExpectContinueOnRead implements TomcatConnectorCustomizer {
    @Override
    public void customize(org.apache.catalina.connector.Connector connector) {
        connector.setProperty("continueResponseTiming", "onRead");
    }
}
