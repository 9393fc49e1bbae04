package com.nxtnd.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An operator's edit of one file of the running hub's routes/ copy: a text of the file as it ships replaced by
 * another, and the file put back as it was when closed (the hub reloads it both times).
 */
public final class RouteFileEdit implements AutoCloseable {

    private final Path file;
    private final String original;

    private RouteFileEdit(Path file) {
        this.file = file;
        try {
            this.original = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file {@code name} of {@code routes}, to be edited. */
    public static RouteFileEdit of(Path routes, String name) {
        return new RouteFileEdit(routes.resolve(name));
    }

    /** Saves the file with {@code shipped} (which it must hold, or the story tests what is not there) replaced. */
    public RouteFileEdit replace(String shipped, String edited) {
        assertThat(original).as("%s as it ships", file.getFileName()).contains(shipped);
        write(original.replace(shipped, edited));
        return this;
    }

    @Override
    public void close() {
        write(original);
    }

    private void write(String content) {
        try {
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
