package com.nxtnd.hub;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Test material kept in the repository, under {@code src/test/resources} (its README says where each file came from),
 * read from the test class path so that a clone anywhere finds it.
 */
public final class TestMaterial {

    private TestMaterial() {
    }

    /** The exact bytes of {@code relative}, e.g. {@code woocommerce/deliveries/delivery-ping.txt}. */
    public static byte[] bytes(String relative) {
        try (InputStream in = TestMaterial.class.getClassLoader().getResourceAsStream(relative)) {
            if (in == null) {
                throw new IllegalStateException("Test material not found on the class path: " + relative
                        + " (src/test/resources/" + relative + ")");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String relative) {
        return new String(bytes(relative), StandardCharsets.UTF_8);
    }
}
