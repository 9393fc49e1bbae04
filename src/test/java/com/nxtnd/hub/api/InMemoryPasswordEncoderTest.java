package com.nxtnd.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InMemoryPasswordEncoderTest {

    @Test
    void theRightPasswordMatchesAndNoOtherDoes() {
        var encoder = new InMemoryPasswordEncoder();
        String encoded = encoder.encode("s3cret");

        assertThat(encoded).doesNotContain("s3cret");
        assertThat(encoder.matches("s3cret", encoded)).isTrue();
        assertThat(encoder.matches("s3cret ", encoded)).isFalse();
        assertThat(encoder.matches("S3cret", encoded)).isFalse();
        assertThat(encoder.matches("", encoded)).isFalse();
        assertThat(encoder.matches(null, encoded)).isFalse();
    }

    @Test
    void eachProcessHashesUnderAKeyOfItsOwn() {
        assertThat(new InMemoryPasswordEncoder().encode("s3cret")).isNotEqualTo(new InMemoryPasswordEncoder().encode("s3cret"));
    }
}
