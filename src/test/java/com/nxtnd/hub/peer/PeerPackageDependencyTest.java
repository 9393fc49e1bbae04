package com.nxtnd.hub.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The peer-generic machinery knows no peer: {@code peer} names neither {@code woo} nor {@code nxt}, and {@code nxt}
 * does not reach into {@code woo}. A scan of the sources (imports and fully qualified names alike).
 */
class PeerPackageDependencyTest {

    private static final Path MAIN = Path.of("src/main/java/com/nxtnd/hub");

    @Test
    void peerUsesNeitherWooNorNxt() {
        assertThat(uses("peer", Pattern.compile("com\\.nxtnd\\.hub\\.(woo|nxt)\\."))).isEmpty();
    }

    @Test
    void nxtDoesNotUseWoo() {
        assertThat(uses("nxt", Pattern.compile("com\\.nxtnd\\.hub\\.woo\\."))).isEmpty();
    }

    @Test
    void theScanSeesAUseWhereThereIsOne() {
        // woo uses peer: a scan that found nothing here would prove nothing above
        assertThat(uses("woo", Pattern.compile("com\\.nxtnd\\.hub\\.peer\\."))).isNotEmpty();
    }

    /** "File: line" for each line of package {@code pkg}'s sources that matches {@code use}. */
    private static List<String> uses(String pkg, Pattern use) {
        try (Stream<Path> files = Files.list(MAIN.resolve(pkg))) {
            List<Path> sources = files.filter(f -> f.toString().endsWith(".java")).toList();
            assertThat(sources).as("sources of " + pkg).isNotEmpty();
            return sources.stream().flatMap(f -> lines(f).stream().filter(l -> use.matcher(l).find())
                    .map(l -> f.getFileName() + ": " + l.trim())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
